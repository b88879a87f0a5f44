import type { AnalyticsEvent } from './analytics-event.ts';

/**
 * Where events end up. A destination is one object, usually in one file: `load` fetches its script
 * or opens its connection (events wait until it resolves), `deliver` gets each event that passed
 * the pipeline, `reset` runs on logout.
 */
export interface Destination {
  name: string;
  load?(): Promise<void> | void;
  deliver(event: AnalyticsEvent): void | Promise<void>;
  reset?(): void;
}
