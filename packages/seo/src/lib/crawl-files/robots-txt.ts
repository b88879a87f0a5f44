/** One group of robots.txt: the user agents it is for, and their rules. */
export interface RobotsGroup {
  /** Crawler names (`GPTBot`, `CCBot`...), one `User-agent:` line each. */
  userAgents: readonly string[];
  disallow?: readonly string[];
  allow?: readonly string[];
}

export interface RobotsTxtOptions {
  /** false: `Disallow: /` for every crawler, whatever else is configured. */
  indexable: boolean;
  /** The rules of the `User-agent: *` group. */
  disallow?: readonly string[];
  allow?: readonly string[];
  /** Groups for named crawlers, written before the `*` group (e.g. GPTBot with `Disallow: /`). */
  groups?: readonly RobotsGroup[];
  /** Absolute sitemap URLs, one `Sitemap:` line each. */
  sitemaps?: readonly string[];
}

function clean(value: unknown): string {
  // One rule per line: a newline in a setting must not smuggle in another directive, and a `#`
  // would turn the rest of the line into a comment. String(): a development server goes on with
  // settings that failed validation (a number in a list), and robots.txt must still answer.
  return String(value).replace(/[\r\n]/g, '').replace(/#.*$/, '').trim();
}

function groupLines(userAgents: readonly string[], allow: readonly string[], disallow: readonly string[]): string[] {
  const lines = userAgents.map((agent) => `User-agent: ${clean(agent)}`);
  for (const path of allow) lines.push(`Allow: ${clean(path)}`);
  for (const path of disallow) lines.push(`Disallow: ${clean(path)}`);
  // A group with no rule allows everything, said explicitly (RFC 9309 wants a rule per group).
  if (allow.length === 0 && disallow.length === 0) lines.push('Disallow:');
  return lines;
}

/** The text of /robots.txt: the named groups, then `User-agent: *`, then the sitemaps (RFC 9309). */
export function robotsTxt(options: RobotsTxtOptions): string {
  if (!options.indexable) return 'User-agent: *\nDisallow: /\n';
  const groups: string[][] = [];
  for (const group of options.groups ?? []) {
    const agents = (Array.isArray(group?.userAgents) ? group.userAgents : []).map(clean).filter(Boolean);
    if (agents.length > 0) groups.push(groupLines(agents, Array.isArray(group.allow) ? group.allow : [], Array.isArray(group.disallow) ? group.disallow : []));
  }
  groups.push(groupLines(['*'], Array.isArray(options.allow) ? options.allow : [], Array.isArray(options.disallow) ? options.disallow : []));
  let text = groups.map((lines) => lines.join('\n')).join('\n\n');
  for (const sitemap of options.sitemaps ?? []) text += `\n\nSitemap: ${clean(sitemap)}`;
  return `${text}\n`;
}
