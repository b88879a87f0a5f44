export interface RobotsTxtOptions {
  /** false: `Disallow: /` for every crawler, whatever else is configured. */
  indexable: boolean;
  disallow?: readonly string[];
  allow?: readonly string[];
  /** Absolute sitemap URLs, one `Sitemap:` line each. */
  sitemaps?: readonly string[];
}

function clean(path: string): string {
  // One rule per line: a newline in a setting must not smuggle in another directive.
  return path.replace(/[\r\n]/g, '').trim();
}

/** The text of /robots.txt. */
export function robotsTxt(options: RobotsTxtOptions): string {
  const lines = ['User-agent: *'];
  if (!options.indexable) {
    lines.push('Disallow: /');
    return `${lines.join('\n')}\n`;
  }
  for (const path of options.allow ?? []) lines.push(`Allow: ${clean(path)}`);
  for (const path of options.disallow ?? []) lines.push(`Disallow: ${clean(path)}`);
  if ((options.allow ?? []).length === 0 && (options.disallow ?? []).length === 0) lines.push('Disallow:');
  for (const sitemap of options.sitemaps ?? []) lines.push('', `Sitemap: ${clean(sitemap)}`);
  return `${lines.join('\n')}\n`;
}
