import type { Destination } from '../destination.ts';

/** Prints every event that passed the pipeline: for seeing what would be sent, in development. */
export function consoleDestination(print: (message: string, event: unknown) => void = (message, event) => console.log(message, event)): Destination {
  return {
    name: 'console',
    deliver(event) {
      print(`[analytics] ${event.type}${event.event ? ` ${event.event}` : ''}${event.name ? ` ${event.name}` : ''}`, event);
    },
  };
}
