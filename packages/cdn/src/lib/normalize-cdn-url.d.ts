/** Why a CDN URL cannot be used, in words that follow the key name in a settings report. */
export type CdnUrlProblem = {
    severity: 'error' | 'warning';
    message: string;
};
/**
 * A CDN URL as the bundle prefix and `assetUrl` use it: `https://cdn.example.com` or
 * `https://cdn.example.com/static`, never with a trailing slash (Meteor concatenates the prefix
 * with `/<hash>.js`, so a trailing slash would give `//`). Throws a TypeError saying what is wrong.
 */
export declare function normalizeCdnUrl(raw: string): string;
/**
 * What is wrong with a CDN URL, or undefined when it is usable. With `rootUrl`, a CDN on the app's
 * own host (hostname and port) is a warning: the "CDN" would be the app itself, so it is turned off.
 */
export declare function cdnUrlProblem(raw: string, rootUrl?: string): CdnUrlProblem | undefined;
//# sourceMappingURL=normalize-cdn-url.d.ts.map