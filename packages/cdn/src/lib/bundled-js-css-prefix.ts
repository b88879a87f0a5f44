/**
 * The prefix for `WebAppInternals.setBundledJsCssPrefix`. Meteor's setter replaces the default
 * rewrite hook, which is what added ROOT_URL_PATH_PREFIX, so the prefix must carry it:
 * `https://cdn.example.com` + ROOT_URL `https://x.com/app` → `https://cdn.example.com/app`, and the
 * bundles load from `https://cdn.example.com/app/<hash>.js`.
 */
export function bundledJsCssPrefix(cdnUrl: string, rootUrlPathPrefix = ''): string {
  return cdnUrl.replace(/\/+$/, '') + rootUrlPathPrefix.replace(/\/+$/, '');
}
