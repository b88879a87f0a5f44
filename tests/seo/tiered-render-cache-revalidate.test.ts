// The background re-render of a stale page, with the shared cache and the lock as fakes, so the
// interleaving of two containers is set by the test, not by timing: container A reads the stale
// page, container B re-renders it and lets its lock go, and only then does A's background task
// get the lock. A must take B's fresh page, not render a second time (on a real Redis this race
// made "one background re-render for both containers" fail once on a loaded CI machine).
import assert from 'node:assert/strict';
import { TieredRenderCache } from '../../packages/seo/src/lib/prerender/tiered-render-cache.ts';
import type { RenderedPage } from '../../packages/seo/src/lib/prerender/render-cache.ts';
import type { SharedRenderCache } from '../../packages/seo/src/lib/prerender/shared-render-cache.ts';
import type { RenderLock } from '../../packages/seo/src/lib/prerender/render-lock.ts';

const page = (text: string): RenderedPage => ({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(text) });

function setup() {
  let stored = { entry: { page: page('v1'), renderedAt: 0, freshUntil: 1 }, fresh: false };
  const memory = new Map<string, RenderedPage>();
  const tasks: Array<() => Promise<void>> = [];
  const events: string[] = [];
  const shared = {
    shares: () => true,
    get: async () => stored,
    set: async (_key: string, fresh: RenderedPage) => {
      stored = { entry: { page: fresh, renderedAt: Date.now(), freshUntil: Date.now() + 60_000 }, fresh: true };
      return true;
    },
  } as unknown as SharedRenderCache;
  const lock = {
    acquire: async () => {
      events.push('lock taken');
      return { release: async () => void events.push('lock released') };
    },
    held: async () => false,
  } as unknown as RenderLock;
  const cache = new TieredRenderCache({
    memory: {
      get: (key) => memory.get(key),
      set: (key, value) => (memory.set(key, value), true),
      deleteWhere: () => 0,
      clear: () => memory.clear(),
    },
    shared,
    lock,
    waitTimeout: 1000,
    pathOf: (key) => key,
    // Held: the test decides when the background re-render runs.
    scheduleBackground: (task) => (tasks.push(task), true),
  });
  return {
    cache,
    memory,
    tasks,
    events,
    /** What another container does meanwhile: renders the page and stores it fresh. */
    otherContainerRenders: (text: string) => shared.set('/page', page(text)),
  };
}

describe('the background re-render of a stale shared page', () => {
  it('takes the page another container re-rendered between the stale read and the lock, and renders nothing', async () => {
    const { cache, memory, tasks, events, otherContainerRenders } = setup();
    const renders: string[] = [];
    const stale = await cache.fetch('/page', async () => (renders.push('/page'), page('v2 here')));
    assert.equal(stale.source, 'stale');
    assert.equal(stale.page.body.toString(), 'v1');
    assert.equal(tasks.length, 1, 'one background re-render scheduled');
    await otherContainerRenders('v2 from the other container');
    await tasks[0]();
    assert.deepEqual(renders, [], 'no second render');
    assert.equal(memory.get('/page')?.body.toString(), 'v2 from the other container');
    assert.deepEqual(events, ['lock taken', 'lock released']);
  });

  it('renders, once, when the page is still stale once it holds the lock', async () => {
    const { cache, memory, tasks, events } = setup();
    const renders: string[] = [];
    await cache.fetch('/page', async () => (renders.push('/page'), page('v2 here')));
    await tasks[0]();
    assert.deepEqual(renders, ['/page']);
    assert.equal(memory.get('/page')?.body.toString(), 'v2 here');
    assert.deepEqual(events, ['lock taken', 'lock released']);
  });
});
