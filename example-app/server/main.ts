// The server: the app's own settings schema, link-preview heads, the sitemap, sample data.
// flightdeck:settings validates every package's settings and the app's in one report before any of
// this runs its startup code; flightdeck:cdn, :analytics and :seo install themselves.
import { Meteor } from 'meteor/meteor';
import { Accounts } from 'meteor/accounts-base';
import { registerSettings } from 'meteor/flightdeck:settings';
import { Seo } from 'meteor/flightdeck:seo';
import { analytics } from 'meteor/flightdeck:analytics';
import { assetUrl } from 'meteor/flightdeck:cdn';
import { appSettings } from '../settings.schema.ts';
import { LaunchNotes } from '../imports/api/launch-notes.ts';
import { seedLaunchNotes } from '../imports/api/launch-notes-server.ts';
import { noteHead } from '../imports/page-heads.ts';
import '../imports/api/like-note.ts';

const settings = registerSettings(appSettings);

// Slack, X and Facebook previews run no JavaScript: the detail page's head goes into the initial HTML.
Seo.serverHead('/notes/:slug', async ({ slug }) => {
  const note = await LaunchNotes.findOneAsync({ slug });
  if (!note) return { status: 404, title: 'Not found', robots: 'noindex' };
  return {
    ...noteHead({ siteName: settings.public.siteName, absoluteUrl: (path) => Meteor.absoluteUrl(path), assetUrl }, note),
    titleTemplate: `%s · ${settings.public.siteName}`,
  };
});

Seo.sitemap(async function* () {
  yield { loc: '/', changefreq: 'daily' };
  yield { loc: '/notes', changefreq: 'daily' };
  yield { loc: '/about', changefreq: 'monthly' };
  for await (const note of LaunchNotes.find({}, { fields: { slug: 1, launchedAt: 1 } })) {
    yield { loc: `/notes/${note.slug}`, lastmod: note.launchedAt };
  }
});

Meteor.startup(async () => {
  if (settings.private.seedLaunchNotes) await seedLaunchNotes();
  if (Meteor.isDevelopment && !(await Accounts.findUserByEmail('demo@example.com'))) {
    await Accounts.createUserAsync({ email: 'demo@example.com', password: 'launch-notes-demo' });
  }
  // A server-side event: carries no user, so it names an anonymous id.
  analytics.track({ anonymousId: 'server', event: 'Server Started', properties: { notes: await LaunchNotes.find().countAsync() } });
});
