import type { Destination } from './destination.ts';

/**
 * A destination whose code is fetched only when the app's settings name it (a dynamic import:
 * Meteor serves it as a lazy module), so an app that does not use GA4 or Segment does not
 * download them. Events wait in the client's queue until it has loaded, as for any destination.
 */
export function lazyDestination(name: string, create: () => Promise<Destination>): Destination {
  let inner: Destination | undefined;
  return {
    name,
    load: () =>
      create().then((destination) => {
        inner = destination;
        return destination.load && destination.load();
      }),
    deliver: (event) => inner!.deliver(event),
    reset() {
      if (inner && inner.reset) inner.reset();
    },
  };
}
