/// <reference path="./lib/prerender/prerender-node.d.ts" />
// What `import { Seo, DocHead } from 'meteor/flightdeck:seo'` is typed as (package-types.json, for
// zodern:types): one `Seo` carrying the server's methods (serverHead, sitemap...) and the browser's
// (setHead, setStatus...), since app code imports the same name on both sides. Each method exists
// only on its own side at run time; DocHead only in the browser, PrerenderIO (mdg:seo's) and the
// core (`export *`, what the server's mainModule re-exports) only on the server. For types that
// match each side exactly, point a client and a server tsconfig at src/client.ts and src/server.ts
// (README, "Types per side").
import type { Seo as ServerSeo, PrerenderIO as ServerPrerenderIO } from './server.ts';
import type { Seo as ClientSeo, DocHead as ClientDocHead } from './client.ts';

export * from './index.ts';
export declare const Seo: typeof ServerSeo & typeof ClientSeo;
export declare const DocHead: typeof ClientDocHead;
export declare const PrerenderIO: typeof ServerPrerenderIO;
