// The pages' behaviour: subscriptions through trackedSubscribe, the head per page through
// flightdeck:seo, the "like" method through its tracked ValidatedMethod.
import { Meteor } from 'meteor/meteor';
import { Template } from 'meteor/templating';
import type { Blaze } from 'meteor/blaze';
import { ReactiveVar } from 'meteor/reactive-var';
import { FlowRouter } from 'meteor/ostrio:flow-router-extra';
import { trackedSubscribe } from 'meteor/flightdeck:analytics';
import { assetUrl } from 'meteor/flightdeck:cdn';
import { DocHead, Seo } from 'meteor/flightdeck:seo';
import { LaunchNotes } from '../api/launch-notes.ts';
import { likeNote } from '../api/like-note.ts';
import './layout.html';
import './pages.html';

const siteName = (): string => String(Meteor.settings.public.siteName ?? 'Flightdeck');

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
  Seo.setHead({
    title: siteName(),
    description: 'Launch notes of the Flightdeck packages for Meteor 3.',
    canonical: Meteor.absoluteUrl(),
    openGraph: { type: 'website', title: siteName(), image: assetUrl('images/rocket.svg') },
  });
});

Template.notesList.onCreated(function (this: Blaze.TemplateInstance) {
  const handle = trackedSubscribe('launchNotes.list');
  (this as unknown as { handle: Meteor.SubscriptionHandle }).handle = handle;
  Seo.setHead({ title: 'Launch notes', description: 'Every launch note.', canonical: Meteor.absoluteUrl('notes') });
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
      title: note.title,
      description: note.summary,
      canonical: Meteor.absoluteUrl(`notes/${note.slug}`),
      openGraph: { type: 'article', title: note.title, description: note.summary, image: assetUrl('images/rocket.svg') },
      twitter: { card: 'summary', title: note.title },
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
