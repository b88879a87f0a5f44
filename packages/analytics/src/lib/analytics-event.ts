/** What the page looked like when an event happened (Segment's `context.page`). */
export interface PageContext {
  path: string;
  url: string;
  search: string;
  referrer: string;
  title: string;
}

/** One event as it moves through the browser pipeline, in Segment's spec. */
export interface AnalyticsEvent {
  type: 'track' | 'page' | 'identify';
  /** track: the event name */
  event?: string;
  /** page: the route or page name */
  name?: string;
  properties: Record<string, unknown>;
  traits?: Record<string, unknown>;
  userId?: string;
  anonymousId: string;
  messageId: string;
  timestamp: string;
  context: {
    page?: PageContext;
    campaign?: Record<string, string>;
    library?: { name: string; version: string };
    [key: string]: unknown;
  };
}

/** A pipeline stage: returns the event (changed or not) to go on, or null to drop it. */
export type EventStage = (event: AnalyticsEvent) => AnalyticsEvent | null;
