/** The part of FlowRouter (ostrio:flow-router-extra) used here. */
export interface FlowRouterTriggers {
  triggers: { enter(callbacks: Array<(...args: unknown[]) => void>): void };
}

/**
 * Clears the previous route's head on every route change, in a FlowRouter `enter` trigger (which
 * runs before the new route's action sets its head). The first route keeps what the server
 * rendered until its own action replaces it.
 */
export function clearHeadOnRouteChange(flowRouter: FlowRouterTriggers, clear: () => void): void {
  let firstRoute = true;
  flowRouter.triggers.enter([
    () => {
      if (firstRoute) {
        firstRoute = false;
        return;
      }
      clear();
    },
  ]);
}
