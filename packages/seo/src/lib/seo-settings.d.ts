declare function httpUrl(this: {
    value: unknown;
}): string | undefined;
declare function positiveInteger(this: {
    value: unknown;
}): string | undefined;
declare function regExpSource(this: {
    value: unknown;
}): string | undefined;
/**
 * flightdeck:seo's own settings: `Meteor.settings.seo` (server) and `Meteor.settings.public.seo`
 * (browser). The prerender service itself is configured where mdg:seo users already have it,
 * `Meteor.settings.PrerenderIO` (see `prerenderIOSettings`).
 */
export declare const seoSettings: {
    readonly name: "seo";
    readonly private: {
        readonly indexable: {
            readonly type: BooleanConstructor;
            readonly optional: true;
            readonly env: "SEO_INDEXABLE";
            readonly description: "Whether search engines may index this deployment. Unset: true only when NODE_ENV is production. When false, robots.txt says `Disallow: /` and every response carries `X-Robots-Tag: noindex`.";
        };
        readonly prerender: {
            readonly type: ObjectConstructor;
            readonly defaultValue: {};
            readonly description: "How crawlers are sent to the prerender service.";
        };
        readonly 'prerender.enabled': {
            readonly type: BooleanConstructor;
            readonly defaultValue: true;
            readonly env: "SEO_PRERENDER_ENABLED";
            readonly description: "Prerender for crawlers when a service URL or a token is configured.";
        };
        readonly 'prerender.timeout': {
            readonly type: NumberConstructor;
            readonly defaultValue: 5000;
            readonly custom: typeof positiveInteger;
            readonly env: "SEO_PRERENDER_TIMEOUT";
            readonly description: "Milliseconds to wait for the renderer before the crawler gets the normal app page.";
        };
        readonly 'prerender.cacheSize': {
            readonly type: NumberConstructor;
            readonly defaultValue: 500;
            readonly min: 0;
            readonly env: "SEO_PRERENDER_CACHE_SIZE";
            readonly description: "Rendered pages kept in memory (0 turns the cache off).";
        };
        readonly 'prerender.cacheLifetime': {
            readonly type: NumberConstructor;
            readonly defaultValue: 600;
            readonly custom: typeof positiveInteger;
            readonly env: "SEO_PRERENDER_CACHE_LIFETIME";
            readonly description: "Seconds a rendered page stays in the cache.";
        };
        readonly 'prerender.linkPreviewBots': {
            readonly type: BooleanConstructor;
            readonly defaultValue: true;
            readonly env: "SEO_PRERENDER_LINK_PREVIEW_BOTS";
            readonly description: "Also prerender for link-preview bots (Slack, Discord, Telegram, iMessage, Mastodon...), beyond prerender-node's list.";
        };
        readonly 'prerender.crawlerUserAgents': {
            readonly type: ArrayConstructor;
            readonly defaultValue: readonly [];
            readonly description: "More user-agent substrings (case-insensitive) to treat as crawlers.";
        };
        readonly 'prerender.crawlerUserAgents.$': {
            readonly type: StringConstructor;
            readonly description: "A user-agent substring.";
        };
        readonly robots: {
            readonly type: ObjectConstructor;
            readonly defaultValue: {};
            readonly description: "robots.txt, served at /robots.txt.";
        };
        readonly 'robots.disallow': {
            readonly type: ArrayConstructor;
            readonly defaultValue: readonly [];
            readonly description: "Paths crawlers must not visit (one `Disallow:` line each) when the deployment is indexable.";
        };
        readonly 'robots.disallow.$': {
            readonly type: StringConstructor;
            readonly description: "A path, e.g. /admin.";
        };
        readonly 'robots.allow': {
            readonly type: ArrayConstructor;
            readonly defaultValue: readonly [];
            readonly description: "Paths crawlers may visit (`Allow:` lines).";
        };
        readonly 'robots.allow.$': {
            readonly type: StringConstructor;
            readonly description: "A path.";
        };
    };
    readonly public: {
        readonly readyTimeout: {
            readonly type: NumberConstructor;
            readonly defaultValue: 10000;
            readonly custom: typeof positiveInteger;
            readonly env: "SEO_READY_TIMEOUT";
            readonly description: "Milliseconds after which `window.prerenderReady` turns true even if the page is still busy.";
        };
        readonly titleTemplate: {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly description: "Default title template, `%s` replaced by the page title, e.g. \"%s · My App\".";
        };
    };
    readonly messages: {
        seoNotHttpUrl: string;
        seoNotPositiveInteger: string;
        seoNotRegExp: string;
    };
};
/**
 * mdg:seo's settings, kept where its users have them: `Meteor.settings.PrerenderIO` and the
 * `PRERENDERIO_*` environment variables.
 */
export declare const prerenderIOSettings: {
    readonly name: "PrerenderIO";
    readonly scope: "app";
    readonly private: {
        readonly PrerenderIO: {
            readonly type: ObjectConstructor;
            readonly optional: true;
            readonly description: "The prerender service (mdg:seo's settings).";
        };
        readonly 'PrerenderIO.serviceUrl': {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly custom: typeof httpUrl;
            readonly env: "PRERENDERIO_SERVICE_URL";
            readonly description: "The renderer, e.g. http://127.0.0.1:3033/ for `npx flightdeck-prerender`. Unset with a token: https://service.prerender.io/.";
        };
        readonly 'PrerenderIO.prerenderServiceUrl': {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly custom: typeof httpUrl;
            readonly description: "mdg:seo's older name for serviceUrl, read the same way (serviceUrl wins when both are set).";
        };
        readonly 'PrerenderIO.token': {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly secret: true;
            readonly env: "PRERENDERIO_TOKEN";
            readonly description: "prerender.io token, sent as X-Prerender-Token. A self-hosted service needs none.";
        };
        readonly 'PrerenderIO.protocol': {
            readonly type: StringConstructor;
            readonly optional: true;
            readonly allowedValues: readonly ["http", "https"];
            readonly env: "PRERENDERIO_PROTOCOL";
            readonly description: "Protocol of the URL sent to the renderer. Default: ROOT_URL's.";
        };
        readonly 'PrerenderIO.forwardHeaders': {
            readonly type: BooleanConstructor;
            readonly optional: true;
            readonly env: "PRERENDERIO_FORWARD_HEADERS";
            readonly description: "Forward the crawler's request headers to the renderer (never Host, Cookie or X-Forwarded-*).";
        };
        readonly 'PrerenderIO.allowList': {
            readonly type: ArrayConstructor;
            readonly optional: true;
            readonly description: "Only URLs matching one of these regular expressions are prerendered.";
        };
        readonly 'PrerenderIO.allowList.$': {
            readonly type: StringConstructor;
            readonly custom: typeof regExpSource;
            readonly description: "A regular expression source.";
        };
        readonly 'PrerenderIO.blockList': {
            readonly type: ArrayConstructor;
            readonly optional: true;
            readonly description: "URLs (or referers) matching one of these regular expressions are never prerendered.";
        };
        readonly 'PrerenderIO.blockList.$': {
            readonly type: StringConstructor;
            readonly custom: typeof regExpSource;
            readonly description: "A regular expression source.";
        };
    };
    readonly messages: {
        seoNotHttpUrl: string;
        seoNotPositiveInteger: string;
        seoNotRegExp: string;
    };
};
export {};
//# sourceMappingURL=seo-settings.d.ts.map