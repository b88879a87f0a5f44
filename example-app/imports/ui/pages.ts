// The pages' behaviour: subscriptions through trackedSubscribe, the head per page through
// flightdeck:seo, the "like" method through its tracked ValidatedMethod.
import { Meteor } from 'meteor/meteor';
import { Template } from 'meteor/templating';
import type { Blaze } from 'meteor/blaze';
import { ReactiveVar } from 'meteor/reactive-var';
import { FlowRouter } from 'meteor/ostrio:flow-router-extra';
import { trackedSubscribe } from 'meteor/flightdeck:analytics/tracked';
import { assetUrl } from 'meteor/flightdeck:cdn';
import { DocHead, Seo } from 'meteor/flightdeck:seo';
import { LaunchNotes } from '../api/launch-notes.ts';
import { likeNote } from '../api/like-note.ts';
import { homeHead, noteHead, notesListHead, type PageHeadContext } from '../page-heads.ts';
import './layout.html';
import './pages.html';

const siteName = (): string => String(Meteor.settings.public.siteName ?? 'Flightdeck');
const headContext = (): PageHeadContext => ({ siteName: siteName(), absoluteUrl: (path) => Meteor.absoluteUrl(path), assetUrl });

Template.registerHelper('siteName', siteName);

Template.layout.events({
  'click .js-login'() {
    Meteor.loginWithPassword('demo@example.com', 'launch-notes-demo');
  },
  'click .js-logout'() {
    Meteor.logout();
  },
});

Template.home.onCreated(() => {
  Seo.setHead(homeHead(headContext()));
});

Template.notesList.onCreated(function (this: Blaze.TemplateInstance) {
  const handle = trackedSubscribe('launchNotes.list');
  (this as unknown as { handle: Meteor.SubscriptionHandle }).handle = handle;
  Seo.setHead(notesListHead(headContext()));
});

// Made outside an autorun, the subscription is not the template's: Blaze would keep it after the
// page is left, so the template stops it.
Template.notesList.onDestroyed(function (this: Blaze.TemplateInstance) {
  (this as unknown as { handle: Meteor.SubscriptionHandle }).handle.stop();
});

Template.notesList.helpers({
  ready: () => (Template.instance() as unknown as { handle: Meteor.SubscriptionHandle }).handle.ready(),
  notes: () => LaunchNotes.find({}, { sort: { launchedAt: -1 } }),
});

Template.noteDetail.onCreated(function (this: Blaze.TemplateInstance) {
  const ready = new ReactiveVar(false);
  (this as unknown as { ready: ReactiveVar<boolean> }).ready = ready;
  this.autorun(() => {
    const slug = FlowRouter.getParam('slug') ?? '';
    const handle = trackedSubscribe('launchNotes.bySlug', slug);
    if (!handle.ready()) return;
    ready.set(true);
    const note = LaunchNotes.findOne({ slug });
    if (!note) {
      Seo.setStatus(404);
      Seo.setHead({ title: 'Not found', robots: 'noindex' });
      return;
    }
    Seo.setHead({
      ...noteHead(headContext(), note),
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'Article',
        headline: note.title,
        description: note.summary,
        datePublished: note.launchedAt.toISOString(),
      },
    });
  });
});

Template.noteDetail.helpers({
  ready: () => (Template.instance() as unknown as { ready: ReactiveVar<boolean> }).ready.get(),
  note: () => LaunchNotes.findOne({ slug: FlowRouter.getParam('slug') }),
});

Template.noteDetail.events({
  async 'click .js-like'() {
    await likeNote.callAsync({ slug: FlowRouter.getParam('slug') ?? '' });
  },
});

Template.about.onCreated(() => {
  // kadira:dochead's API, unchanged but for the import.
  DocHead.setTitle(`About · ${siteName()}`);
  DocHead.addMeta({ name: 'description', content: 'What this example app shows.' });
});

Template.about.helpers({
  supportEmail: () => String(Meteor.settings.public.supportEmail ?? ''),
});

Template.notFound.onCreated(() => {
  Seo.setStatus(404);
  Seo.setHead({ title: 'Not found' });
});
