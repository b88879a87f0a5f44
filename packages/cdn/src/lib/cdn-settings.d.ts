/**
 * flightdeck:cdn's settings: `Meteor.settings.public.cdn` (the client needs the URL for `assetUrl`)
 * and `Meteor.settings.cdn` (CORS, server only). Registered with flightdeck:settings, which applies
 * the defaults and the env overrides and reports every problem at startup.
 */
export declare const cdnSettings: {
    readonly name: "cdn";
    readonly public: {
        readonly url: {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly env: "CDN_URL";
            readonly description: "The CDN that serves the JS/CSS bundles and public/ files, e.g. https://cdn.example.com (http or https, no query or fragment). Unset: the app serves them itself.";
        };
        readonly cacheBusting: {
            readonly type: BooleanConstructor;
            readonly defaultValue: true;
            readonly env: "CDN_CACHE_BUSTING";
            readonly description: "assetUrl adds the file's content hash (?v=...) and such requests are cached for a year (immutable).";
        };
    };
    readonly private: {
        readonly corsOrigins: {
            readonly type: ArrayConstructor;
            readonly optional: true;
            readonly env: "CDN_CORS_ORIGINS";
            readonly description: "Origins allowed to load fonts (and SRI bundles) from the CDN. Default: ROOT_URL's origin. '*' allows any (never with credentials).";
        };
        readonly 'corsOrigins.$': {
            readonly type: StringConstructor;
        };
        readonly corsCredentials: {
            readonly type: BooleanConstructor;
            readonly defaultValue: false;
            readonly env: "CDN_CORS_CREDENTIALS";
            readonly description: "Send Access-Control-Allow-Credentials: true to allowed origins (for crossorigin=\"use-credentials\").";
        };
        readonly corsMaxAge: {
            readonly type: NumberConstructor;
            readonly defaultValue: 86400;
            readonly min: 0;
            readonly env: "CDN_CORS_MAX_AGE";
            readonly description: "Seconds a browser may cache the answer to a CORS preflight (whole number).";
        };
        readonly extensions: {
            readonly type: ArrayConstructor;
            readonly optional: true;
            readonly env: "CDN_CORS_EXTENSIONS";
            readonly description: "File extensions that get CORS headers. Default: ttf ttc otf eot woff woff2, plus js css when subresourceIntegrity is on.";
        };
        readonly 'extensions.$': {
            readonly type: StringConstructor;
        };
        readonly subresourceIntegrity: {
            readonly type: BooleanConstructor;
            readonly defaultValue: false;
            readonly env: "CDN_SUBRESOURCE_INTEGRITY";
            readonly description: "Turn on Meteor's Subresource Integrity (integrity + crossorigin on bundle tags) and CORS for js and css.";
        };
        readonly notFoundForMissingFiles: {
            readonly type: BooleanConstructor;
            readonly defaultValue: true;
            readonly env: "CDN_NOT_FOUND_FOR_MISSING_FILES";
            readonly description: "A request for a missing file (path with an extension, not a page navigation) gets 404 with no-cache instead of the app's HTML with 200.";
        };
    };
    readonly check: (context: import("@flightdeck/settings").SettingsCheckContext) => void;
};
//# sourceMappingURL=cdn-settings.d.ts.map