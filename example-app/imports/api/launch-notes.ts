import { Mongo } from 'meteor/mongo';

export interface LaunchNote {
  _id?: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  launchedAt: Date;
  likes: number;
}

export const LaunchNotes = new Mongo.Collection<LaunchNote>('launchNotes');

export const SAMPLE_NOTES: Omit<LaunchNote, '_id'>[] = [
  {
    slug: 'settings-that-say-what-is-wrong',
    title: 'Settings that say what is wrong',
    summary: 'Every problem in settings.json, with its full key path, before the server starts.',
    body: 'flightdeck:settings validates Meteor.settings against every package schema at once.',
    launchedAt: new Date('2026-10-01T09:00:00Z'),
    likes: 0,
  },
  {
    slug: 'fonts-through-the-cdn',
    title: 'Fonts through the CDN',
    summary: 'Bundles, images and webfonts from a CDN, with CORS that lets fonts load.',
    body: 'flightdeck:cdn sets the bundle prefix, adds cache-busting hashes and answers CORS for fonts.',
    launchedAt: new Date('2026-10-15T09:00:00Z'),
    likes: 0,
  },
  {
    slug: 'head-values-stay-text',
    title: 'Titles with "quotes" & <tags> stay text',
    summary: 'Head values are escaped: </script> in JSON-LD included.',
    body: 'flightdeck:seo escapes every head value.',
    launchedAt: new Date('2026-11-01T09:00:00Z'),
    likes: 0,
  },
];
