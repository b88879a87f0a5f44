// flightdeck:seo in the browser: `Seo` and kadira:dochead's `DocHead` over one head, readiness from
// Meteor's DDP connection, cleanup on FlowRouter route changes.
import { Meteor } from 'meteor/meteor';
import { Tracker } from 'meteor/tracker';
import { meteorPackage } from 'meteor/flightdeck:settings';
import { clearHeadOnRouteChange, type FlowRouterTriggers } from './lib/head/clear-head-on-route-change.ts';
import { createSeo } from './lib/head/create-seo.ts';
import type { ReadinessSource } from './lib/head/prerender-ready.ts';

export type { HeadInput, OpenGraph, TwitterCard } from './lib/head/head-tags.ts';
export type { SeoClient } from './lib/head/create-seo.ts';
export type { DocHeadApi } from './lib/head/doc-head.ts';

// The server validated Meteor.settings.public.seo and wrote its defaults into it before shipping
// it; reading it directly keeps the schema (descriptions and all) out of the client bundle.
const publicSettings = ((Meteor.settings.public as { seo?: { readyTimeout?: number; titleTemplate?: string } }).seo ?? {});

interface DdpConnection {
  _subscriptions?: Record<string, { ready: boolean }>;
  _methodInvokers?: Record<string, unknown>;
}

// Meteor has no public "everything loaded" signal; spiderable read the same connection fields
// (ddp-client's DDP._allSubscriptionsReady walks `_subscriptions`). Checked by polling.
const meteorReadiness: ReadinessSource = {
  isReady() {
    const connection = (Meteor as unknown as { connection: DdpConnection }).connection;
    const subscriptions = Object.values(connection._subscriptions ?? {});
    const methods = Object.keys(connection._methodInvokers ?? {});
    return subscriptions.every((subscription) => subscription.ready) && methods.length === 0;
  },
};

const created = createSeo({
  document,
  window: window as unknown as { prerenderReady?: boolean },
  readiness: meteorReadiness,
  readyTimeout: publicSettings.readyTimeout,
  titleTemplate: publicSettings.titleTemplate,
  onUnsafeUrl: Meteor.isDevelopment ? (key, value) => console.warn(`flightdeck:seo: ${key} dropped: ${JSON.stringify(value.slice(0, 100))} is not an http(s) or relative URL`) : undefined,
  titleDependency: new Tracker.Dependency(),
});

export const Seo = created.Seo;
export const DocHead = created.DocHead;

// Weak dependency: without FlowRouter, call Seo.clear() on route changes yourself.
const flowRouter = meteorPackage<{ FlowRouter?: FlowRouterTriggers }>('ostrio:flow-router-extra')?.FlowRouter;
if (flowRouter) clearHeadOnRouteChange(flowRouter, () => Seo.clear());
