/**
 * Which Meteor 3 `webapp` the WebApp harness models, and what differs between them. Each entry was
 * read from that release's `packages/webapp/webapp_server.js` and `packages/modern-browsers/modern.js`
 * (line numbers below are of those files at the release's version-bump commit):
 *
 * - `3.0.4` (webapp 2.0.x, Express 4.21, Node 20): a root-app middleware assigns
 *   `request.query = qs.parse(...)` (webapp_server.js 1084-1091); the user agent is cut to 150
 *   characters before parsing (134); an unknown browser is legacy, with no setting to change that
 *   (modern.js `isModern`); hashed bundles get `Vary: User-Agent` (684-689).
 * - `3.4` (webapp 2.1.0, Express 5.1, Node 22; the model for 3.1-3.4): every Express app gets
 *   `app.set('query parser', qs.parse)` (32) and the query middleware is gone, so `req.query` is
 *   Express 5's read-only getter, parsed by qs on every read (3.1, meteor#13408); the whole user
 *   agent is parsed (135, since 3.3, meteor#13686); `packages['modern-browsers'].unknownBrowsersAssumedModern`
 *   (3.1.2, meteor#13605) and all-zero versions counted as unknown (3.3, meteor#13712); boilerplate data
 *   callbacks get the response as a 4th argument and `WebAppInternals.disableBoilerplateResponse()`
 *   exists (440-473, 1297-1302, 1557-1560; 3.4).
 * - `3.4.1` (webapp 2.1.2, Express 5.1; the newest webapp source we could read, from devel of
 *   2026-06; the model for 3.4.1 and 3.5, which runs it on Node 24): a cacheable file whose URL path
 *   contains its hash (the production bundles) no longer gets `Vary: User-Agent` (691-695,
 *   meteor#14122), and `packages.webapp.includeVaryUserAgent: false` drops it everywhere.
 *
 * Unchanged from 3.0 to 3.4.1, so one code path models all: the mounting order (rawHandlers,
 * compression, cookies, "Not a proxy", path-prefix stripping, static files, internal handlers,
 * handlers, the error pass-through, the boilerplate, 404), the prefix stripping itself, static
 * file lookup across archs, `categorizeRequest` and the arch choice, and the boilerplate. `WebApp.connectApp`
 * is gone since 3.0 (it is `expressApp`), and `connectHandlers` / `rawConnectHandlers` are still
 * aliases in 3.4.1.
 */
import express4 from 'express';
import express5 from 'express5';

export type MeteorWebappRelease = '3.0.4' | '3.4' | '3.4.1';

export const METEOR_WEBAPP_RELEASES: readonly MeteorWebappRelease[] = ['3.0.4', '3.4', '3.4.1'];

export interface MeteorWebappModel {
  release: MeteorWebappRelease;
  /** The Express that release's webapp depends on. */
  expressVersion: '4.21' | '5.1';
  express: typeof express4;
  /** 3.1+: `query parser` set to qs.parse on every app; 3.0: `req.query` assigned by a root middleware. */
  queryParserSetting: boolean;
  /** 3.0-3.2: `lookupUserAgent(userAgent.substring(0, 150))`. */
  userAgentCutAt: number | undefined;
  /** 3.1.2+: `Meteor.settings.packages['modern-browsers'].unknownBrowsersAssumedModern`. */
  unknownBrowsersSetting: boolean;
  /** 3.1.2+: Edge on iOS/Android (`edgeMobile`) takes Edge's minimum version. */
  edgeMobileAlias: boolean;
  /** 3.3+: a browser whose version is 0.0.0 counts as unknown. */
  zeroVersionIsUnknown: boolean;
  /** 3.4+: boilerplate data callbacks get `(request, data, arch, response)`. */
  callbacksGetResponse: boolean;
  /** Before 3.4.1: `Vary: User-Agent` on every cacheable file, hashed URL or not. */
  varyUserAgentOnHashedUrls: boolean;
}

const RELEASE_3_4: MeteorWebappModel = {
  release: '3.4',
  expressVersion: '5.1',
  express: express5,
  queryParserSetting: true,
  userAgentCutAt: undefined,
  unknownBrowsersSetting: true,
  edgeMobileAlias: true,
  zeroVersionIsUnknown: true,
  callbacksGetResponse: true,
  varyUserAgentOnHashedUrls: true,
};

const MODELS: Record<MeteorWebappRelease, MeteorWebappModel> = {
  '3.0.4': {
    release: '3.0.4',
    expressVersion: '4.21',
    express: express4,
    queryParserSetting: false,
    userAgentCutAt: 150,
    unknownBrowsersSetting: false,
    edgeMobileAlias: false,
    zeroVersionIsUnknown: false,
    callbacksGetResponse: false,
    varyUserAgentOnHashedUrls: true,
  },
  '3.4': RELEASE_3_4,
  // 3.4.1 is 3.4 without `Vary: User-Agent` on hashed URLs (meteor#14122).
  '3.4.1': { ...RELEASE_3_4, release: '3.4.1', varyUserAgentOnHashedUrls: false },
};

/**
 * The release a harness models when its options name none: `FLIGHTDECK_METEOR_WEBAPP` (set by
 * `npm test` for each run of the matrix), else 3.0.4.
 */
export function defaultMeteorWebappRelease(env: NodeJS.ProcessEnv = process.env): MeteorWebappRelease {
  const named = env.FLIGHTDECK_METEOR_WEBAPP;
  if (named === undefined || named === '') return '3.0.4';
  if (!(METEOR_WEBAPP_RELEASES as readonly string[]).includes(named)) {
    throw new Error(`FLIGHTDECK_METEOR_WEBAPP=${named} is not a modelled webapp release (${METEOR_WEBAPP_RELEASES.join(', ')})`);
  }
  return named as MeteorWebappRelease;
}

export function meteorWebappModel(release: MeteorWebappRelease = defaultMeteorWebappRelease()): MeteorWebappModel {
  const model = MODELS[release];
  if (!model) throw new Error(`meteorRelease ${String(release)} is not a modelled webapp release (${METEOR_WEBAPP_RELEASES.join(', ')})`);
  return model;
}
