import assert from 'node:assert/strict';
import { createAnalyticsClient } from '../../packages/analytics/src/lib/analytics-client.ts';
import { trackFlowRouterPageViews, type FlowRouterContext } from '../../packages/analytics/src/lib/flow-router-page-views.ts';
import { recordingDestination } from '../fixtures/analytics/recording-destination.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * FlowRouter's navigation order (ostrio:flow-router-extra on page.js): global enter triggers run
 * while the route is dispatched, and page.js pushes the new URL after dispatch returns; the
 * template sets the title when it renders, later still.
 */
function flowRouterLike() {
  const triggers: Array<(context: FlowRouterContext) => void> = [];
  const except: string[] = [];
  return {
    triggers: {
      enter(fns: Array<(context: FlowRouterContext) => void>, filter?: { except?: string[] }) {
        triggers.push(...fns);
        except.push(...(filter?.except ?? []));
      },
    },
    go(path: string, route: { name: string; path: string }, title: string) {
      if (!except.includes(route.name)) for (const trigger of triggers) trigger({ route, path, params: {} });
      history.pushState({}, '', path);
      setTimeout(() => {
        document.title = title;
      }, 5);
    },
  };
}

describe('page views from FlowRouter triggers (Chromium)', () => {
  beforeEach(() => history.replaceState({}, '', '/'));

  it('sends the route name as the page name and the route pattern, with the URL and title after the route settled', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    const router = flowRouterLike();
    // The title comes 5 ms after the route, the page view 150 ms after it: a wide margin, so a
    // loaded CI machine that runs the page's timers late still runs them in that order (with
    // 30 ms the first title was once read before it was set).
    trackFlowRouterPageViews(router, { page: analytics.page, settleDelay: 150 });
    router.go('/post/42', { name: 'post', path: '/post/:id' }, 'Post 42');
    await sleep(400);
    router.go('/post/43', { name: 'post', path: '/post/:id' }, 'Post 43');
    await sleep(400);
    const pages = destination.events.filter((event) => event.type === 'page');
    assert.deepEqual(
      pages.map((event) => [event.name, event.properties.routeName, event.properties.routePattern, event.properties.path, event.properties.title, event.properties.referrer]),
      [
        ['post', 'post', '/post/:id', '/post/42', 'Post 42', ''],
        ['post', 'post', '/post/:id', '/post/43', 'Post 43', `${location.origin}/post/42`],
      ],
    );
  });

  it('skips routes named in except', async () => {
    const destination = recordingDestination();
    const analytics = createAnalyticsClient({ destinations: [destination] });
    const router = flowRouterLike();
    trackFlowRouterPageViews(router, { page: analytics.page, settleDelay: 20, except: ['admin'] });
    router.go('/admin', { name: 'admin', path: '/admin' }, 'Admin');
    await sleep(60);
    router.go('/home', { name: 'home', path: '/home' }, 'Home');
    await sleep(60);
    assert.deepEqual(destination.events.map((event) => event.properties.path), ['/home']);
  });
});
