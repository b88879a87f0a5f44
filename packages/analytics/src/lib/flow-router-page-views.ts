import { createPageViewTracker, type PageViewTrackerOptions } from './page-view-tracker.ts';

/** The part of ostrio:flow-router-extra's FlowRouter used here. */
export interface FlowRouterLike {
  triggers: { enter(triggers: Array<(context: FlowRouterContext) => void>, filter?: { only?: string[]; except?: string[] }): void };
}

export interface FlowRouterContext {
  route?: { name?: string; path?: string };
  params?: Record<string, string>;
  path?: string;
}

export interface FlowRouterPageViewOptions extends Pick<PageViewTrackerOptions, 'page' | 'settleDelay' | 'hashChanges'> {
  location?: PageViewTrackerOptions['location'];
  document?: PageViewTrackerOptions['document'];
  /** route names never tracked (FlowRouter's own `except` filter) */
  except?: string[];
}

/**
 * Page views from FlowRouter's global enter trigger, with the route's name as the page name and
 * `routeName` / `routePattern` (e.g. `/post/:id`) as properties, so reports group by route.
 * FlowRouter stops running triggers when removed, so nothing is returned to stop.
 */
export function trackFlowRouterPageViews(flowRouter: FlowRouterLike, options: FlowRouterPageViewOptions): void {
  const scope = globalThis as unknown as { location: PageViewTrackerOptions['location']; document: PageViewTrackerOptions['document'] };
  const tracker = createPageViewTracker(Object.assign({}, options, { location: options.location || scope.location, document: options.document || scope.document }));
  const trigger = (context: FlowRouterContext): void => {
    const route = context.route || {};
    const properties: Record<string, string> = {};
    if (route.name) properties.routeName = route.name;
    if (route.path) properties.routePattern = route.path;
    tracker.routeChanged(route.name, properties);
  };
  flowRouter.triggers.enter([trigger], options.except && { except: options.except });
}
