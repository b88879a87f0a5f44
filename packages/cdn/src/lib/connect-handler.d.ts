import type { IncomingMessage, ServerResponse } from 'node:http';
/** A Connect/Express middleware: works with `app.use()` of Express, Connect and Meteor's WebApp. */
export type ConnectHandler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
/** The path of a request URL, without query or fragment, as sent (not decoded). */
export declare function requestPath(url: string | undefined): string;
/** A path's file extension, lower case and without the dot, or '' when its last segment has none. */
export declare function pathExtension(path: string): string;
/**
 * Makes sure `Vary` names `field` when the headers go out. Meteor's static file handler sets
 * `Vary: User-Agent` with setHeader on hashed bundles, replacing any Vary a raw handler set, so
 * the field is merged in at writeHead time instead (Node calls writeHead for implicit headers too).
 */
export declare function varyOnWrite(res: ServerResponse, field: string): void;
/** Adds `field` to the response's Vary header unless it is already there. */
export declare function addVary(res: ServerResponse, field: string): void;
//# sourceMappingURL=connect-handler.d.ts.map