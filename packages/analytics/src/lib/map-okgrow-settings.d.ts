/** The destinations part of `public.analytics` that okgrow:analytics settings map onto. */
export interface MappedDestinations {
    googleAnalytics?: {
        measurementId: string;
    };
    segment?: {
        writeKey: string;
    };
}
export interface OkgrowMapping {
    destinations: MappedDestinations;
    /** each provider that does not map over, and why (the settings check words it) */
    unsupported: Array<{
        provider: string;
        reason: 'universal-analytics' | 'no-key' | 'unknown-provider';
    }>;
}
/**
 * okgrow:analytics' `public.analyticsSettings` (analytics.js integration names) as our destinations.
 * Google Analytics maps when its trackingId is a GA4 measurement id (Universal Analytics "UA-" ids
 * stopped collecting in July 2023); "Segment.io"'s apiKey is the Segment write key. Every other
 * provider is reported, so a user moving over sees what no longer receives events.
 */
export declare function mapOkgrowSettings(analyticsSettings: unknown): OkgrowMapping;
//# sourceMappingURL=map-okgrow-settings.d.ts.map