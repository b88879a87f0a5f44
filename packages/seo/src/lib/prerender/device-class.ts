/** Mobile or desktop: crawlers of both kinds (Googlebot smartphone and desktop) get their own render. */
export type DeviceClass = 'mobile' | 'desktop';

/**
 * The device a crawler renders as, from the user-agent tokens a mobile browser sends (Googlebot
 * smartphone sends Android's and "Mobile Safari"'s). The renderer renders with the crawler's user
 * agent, so a page that adapts to it differs between the two; one cache entry for both served the
 * desktop layout to the smartphone crawler (mobile-first indexing reads that one).
 */
export function deviceClass(userAgent: string | undefined): DeviceClass {
  return userAgent && /Mobi|Android|iPhone|iPod|iPad|Windows Phone|BlackBerry|Opera Mini/i.test(userAgent) ? 'mobile' : 'desktop';
}
