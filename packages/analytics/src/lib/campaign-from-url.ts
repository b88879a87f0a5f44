/** The UTM parameters of a query string as Segment's `context.campaign` (`utm_campaign` → `name`). */
export function campaignFromUrl(search: string): Record<string, string> | undefined {
  if (!search.includes('utm_')) return undefined;
  const params = new URLSearchParams(search);
  let campaign: Record<string, string> | undefined;
  for (const key of 'source medium campaign term content'.split(' ')) {
    const value = params.get('utm_' + key);
    if (value) (campaign ||= {})[key === 'campaign' ? 'name' : key] = value;
  }
  return campaign;
}
