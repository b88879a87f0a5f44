/**
 * okgrow:analytics' key, `public.analyticsSettings`, accepted at the top of the public settings so
 * its users can move over without editing settings.json first; what does not map is a warning.
 */
export declare const okgrowAnalyticsSettings: {
    readonly name: "analytics-okgrow";
    readonly scope: "app";
    readonly public: {
        readonly analyticsSettings: {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly blackbox: true;
            readonly notSecret: true;
            readonly description: "okgrow:analytics' settings: Google Analytics (GA4 ids) and Segment.io map onto public.analytics.destinations.";
        };
    };
    readonly check: (context: import("@flightdeck/settings").SettingsCheckContext) => void;
};
//# sourceMappingURL=okgrow-settings.d.ts.map