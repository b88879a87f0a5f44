import type { AnalyticsEvent, EventStage } from './analytics-event.ts';
import { redactUrl, redactedParams } from './redact-url.ts';

function redactValue(value: unknown, params: ReadonlySet<string>, depth: number): unknown {
  if (typeof value === 'string') return value.includes('#') || value.includes('=') ? redactUrl(value, params) : value;
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, params, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = redactValue(child, params, depth + 1);
  return copy;
}

/**
 * The redaction stage: every string in the event's properties, traits and page context (url, path,
 * search, referrer, and whatever a user put in properties) has account tokens and the configured
 * query parameters removed, so they never leave the browser.
 */
export function redactEvent(queryParams: readonly string[]): EventStage {
  const params = redactedParams(queryParams);
  return (event: AnalyticsEvent) => ({
    ...event,
    properties: redactValue(event.properties, params, 0) as AnalyticsEvent['properties'],
    ...(event.traits ? { traits: redactValue(event.traits, params, 0) as Record<string, unknown> } : {}),
    context: redactValue(event.context, params, 0) as AnalyticsEvent['context'],
  });
}
