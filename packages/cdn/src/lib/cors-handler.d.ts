import { type ConnectHandler } from './connect-handler.ts';
/** The font types a browser fetches in CORS mode, so a font on another origin needs CORS headers. */
export declare const FONT_EXTENSIONS: readonly string[];
/**
 * Which files get CORS headers by default: fonts, and the JS/CSS bundles too when Subresource
 * Integrity is on (Meteor then adds `crossorigin` to their tags, which makes them CORS requests).
 */
export declare function defaultCorsExtensions(subresourceIntegrity: boolean): string[];
export interface CorsOptions {
    /** Origins allowed to read the files (`https://app.example.com`), or `'*'` for any. */
    origins: readonly string[] | '*';
    /** File extensions (without the dot) that get CORS headers. Default: the font types. */
    extensions?: readonly string[];
    /** Sends `Access-Control-Allow-Credentials: true` to allowed origins. Refused with `'*'`. */
    credentials?: boolean;
    /** How long a browser may cache a preflight answer, in seconds. Default 86400. */
    maxAge?: number;
}
/** Lower-cases the scheme and host of an origin and drops a trailing slash; `*` stays `*`. */
export declare function normalizeOrigin(origin: string): string;
/**
 * CORS for static files (fonts by default) on a CDN: an allowed `Origin` is echoed with
 * `Vary: Origin`, so a shared cache keeps one copy per origin; any other origin gets no
 * `Access-Control-Allow-Origin` (the browser then refuses the font); a preflight `OPTIONS` is
 * answered here with 204, since Meteor would answer it with its HTML page. Mount it first, on
 * `WebApp.rawHandlers`. Other paths pass through untouched.
 */
export declare function createCorsHandler(options: CorsOptions): ConnectHandler;
//# sourceMappingURL=cors-handler.d.ts.map