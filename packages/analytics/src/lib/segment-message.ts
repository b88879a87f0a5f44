/** One event in Segment's spec, as the server queue holds it and the relay forwards it. */
export interface SegmentMessage {
  type: 'track' | 'page' | 'identify';
  /** track: the event name */
  event?: string;
  /** page: the page name */
  name?: string;
  userId?: string;
  anonymousId?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
  timestamp?: string | Date;
  /** Fixed when the event is queued, so a batch sent again is deduplicated by Segment. */
  messageId?: string;
}
