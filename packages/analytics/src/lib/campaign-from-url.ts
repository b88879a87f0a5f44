const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

/** The UTM parameters of a query string as Segment's `context.campaign` (`utm_campaign` → `name`). */
export function campaignFromUrl(search: string): Record<string, string> | undefined {
  if (!search.includes('utm_')) return undefined;
  const params = new URLSearchParams(search);
  let campaign: Record<string, string> | undefined;
  for (const key of UTM) {
    const value = params.get(key);
    if (value) (campaign ??= {})[key === 'utm_campaign' ? 'name' : key.slice(4)] = value;
  }
  return campaign;
}
