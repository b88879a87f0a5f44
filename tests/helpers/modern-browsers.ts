/**
 * How Meteor 3 decides between the `web.browser` and `web.browser.legacy` bundles for a request:
 * webapp's `identifyBrowser` (useragent-ng, family camel-cased: "Mobile Safari" -> "mobileSafari")
 * and the modern-browsers package's `isModern` against the highest minimum version any package
 * asked for. Written from Meteor's packages/webapp/webapp_server.js (`identifyBrowser`, 125-143),
 * packages/modern-browsers/modern.js (`applyAliases`, `isModern`, `setMinimumBrowserVersions`) of
 * 3.0.4 and 3.4.1.
 *
 * The minimum versions are those of an app with `ecmascript` (every Meteor app): modern-browsers'
 * own four feature calls (classes, generator functions, template literals, symbols),
 * ecmascript-runtime-client/versions.js, babel-compiler/versions.js (babel-preset-meteor's
 * `modern.minimumVersions`, async functions natively) and fetch/server.js. Googlebot, curl, Node's
 * fetch (`node`) and anything else useragent-ng does not name are not in the table: legacy.
 */
import { lookup } from 'useragent-ng';
import type { MeteorWebappModel } from './meteor-webapp-release.ts';

export interface IdentifiedBrowser {
  name: string;
  major: number;
  minor: number;
  patch: number;
}

type Version = number | number[];

/** Each package's `setMinimumBrowserVersions(...)` call, in load order. */
const MINIMUM_VERSION_CALLS: Record<string, Version>[] = [
  // modern-browsers/modern.js: classes, generator functions, template literals, symbols.
  { chrome: 49, edge: 12, firefox: 45, firefoxIOS: 100, mobileSafari: [9, 2], opera: 36, safari: 9, electron: 1 },
  { chrome: 39, edge: 13, firefox: 26, firefoxIOS: 100, mobileSafari: 10, opera: 26, safari: 10, phantomjs: Infinity, electron: [0, 20] },
  { chrome: 41, edge: 13, firefox: 34, firefoxIOS: 100, mobileSafari: [9, 2], opera: 29, safari: [9, 1], electron: [0, 24] },
  { chrome: 38, edge: 12, firefox: 36, firefoxIOS: 100, mobileSafari: 9, opera: 25, safari: 9, electron: [0, 20] },
  // ecmascript-runtime-client/versions.js
  { chrome: 49, edge: 12, ie: 12, firefox: 45, firefoxIOS: 100, mobileSafari: 10, opera: 38, safari: 10, electron: [1, 6] },
  // babel-compiler/versions.js: babel-preset-meteor 7.10 modern.js `minimumVersions`
  { chrome: 55, edge: 15, firefox: 53, mobile_safari: [10, 3], node: 8, opera: 42, safari: [10, 1], electron: [1, 6], samsungInternet: [6, 2] },
  // fetch/server.js
  { chrome: 42, edge: 14, firefox: 39, firefoxIOS: 100, mobile_safari: [10, 3], opera: 29, safari: [10, 1], phantomjs: Infinity, electron: [0, 25] },
];

function aliases(model: MeteorWebappModel): Record<string, string[]> {
  return {
    chrome: ['chromeMobile', 'chromeMobileIOS', 'chromeMobileWebView', 'chromium', 'headlesschrome'],
    // No IE12 exists, so Edge's minimum shuts out Internet Explorer; edgeMobile since 3.1.2 (meteor#13592).
    edge: model.edgeMobileAlias ? ['ie', 'edgeMobile'] : ['ie'],
    firefox: ['firefoxMobile'],
    mobile_safari: ['mobileSafari', 'mobileSafariUI', 'mobileSafariUI/WKWebView'],
    safari: ['appleMail'],
  };
}

function asArray(version: Version): number[] {
  return typeof version === 'number' ? [version] : version;
}

function greaterThan(a: Version, b: Version): boolean {
  const as = asArray(a);
  const bs = asArray(b);
  for (let i = 0; i < Math.max(as.length, bs.length); i += 1) {
    const x = as[i] ?? 0;
    const y = bs[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}

/** The highest minimum per lower-cased browser name, aliases applied per call as modern.js does. */
export function minimumBrowserVersions(model: MeteorWebappModel): Map<string, Version> {
  const minimums = new Map<string, Version>();
  const aliasTable = aliases(model);
  for (const call of MINIMUM_VERSION_CALLS) {
    const lowerCase = new Map<string, Version>();
    for (const [name, version] of Object.entries(call)) lowerCase.set(name.toLowerCase(), version);
    for (const [original, names] of Object.entries(aliasTable)) {
      const version = lowerCase.get(original.toLowerCase());
      if (version === undefined) continue;
      for (const alias of names) if (!lowerCase.has(alias.toLowerCase())) lowerCase.set(alias.toLowerCase(), version);
    }
    for (const [name, version] of lowerCase) {
      const current = minimums.get(name);
      if (current === undefined || greaterThan(version, current)) minimums.set(name, version);
    }
  }
  return minimums;
}

function camelCase(name: string): string {
  const parts = name.split(' ');
  parts[0] = parts[0].toLowerCase();
  for (let i = 1; i < parts.length; i += 1) parts[i] = parts[i].charAt(0).toUpperCase() + parts[i].substring(1);
  return parts.join('');
}

/** webapp's `identifyBrowser`. */
export function identifyBrowser(userAgent: string | undefined, model: MeteorWebappModel): IdentifiedBrowser {
  if (!userAgent) return { name: 'unknown', major: 0, minor: 0, patch: 0 };
  const parsed = lookup(model.userAgentCutAt === undefined ? userAgent : userAgent.substring(0, model.userAgentCutAt));
  return { name: camelCase(parsed.family), major: +parsed.major, minor: +parsed.minor, patch: +parsed.patch };
}

export interface ModernBrowsersSettings {
  /** `Meteor.settings.packages['modern-browsers'].unknownBrowsersAssumedModern` (Meteor 3.1.2+). */
  unknownBrowsersAssumedModern?: boolean;
}

/** modern-browsers' `isModern`, for one release's rules. */
export function createIsModern(model: MeteorWebappModel, settings: ModernBrowsersSettings = {}): (browser: IdentifiedBrowser) => boolean {
  const minimums = minimumBrowserVersions(model);
  return (browser) => {
    const name = typeof browser.name === 'string' ? browser.name.toLowerCase() : '';
    if (!name) return false;
    const minimum = minimums.get(name);
    const zero = browser.major === 0 && browser.minor === 0 && browser.patch === 0;
    if (minimum === undefined || (model.zeroVersionIsUnknown && zero)) {
      return model.unknownBrowsersSetting && settings.unknownBrowsersAssumedModern === true;
    }
    // `~~` as modern.js does: NaN (an unparsed part) becomes 0.
    return !greaterThan(minimum, [~~browser.major, ~~browser.minor, ~~browser.patch]);
  };
}
