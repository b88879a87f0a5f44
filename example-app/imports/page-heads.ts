// The document heads of the app's pages, shared by the client pages and the server's link-preview
// heads. Plain functions of what Meteor provides (site name, Meteor.absoluteUrl, assetUrl), so the
// repository's tests check them without Meteor.
import type { HeadInput } from 'meteor/flightdeck:seo';

export interface PageHeadContext {
  siteName: string;
  /** `Meteor.absoluteUrl`: ROOT_URL plus a path. */
  absoluteUrl: (path?: string) => string;
  /** flightdeck:cdn's `assetUrl`. */
  assetUrl: (path: string) => string;
}

export interface LaunchNoteHead {
  slug: string;
  title: string;
  summary: string;
}

/**
 * A `public/` file's URL for link previews: Slack, X and Facebook fetch og:image without a page to
 * resolve it against, so a path (assetUrl without a CDN) becomes absolute on ROOT_URL. assetUrl
 * already carries ROOT_URL's path prefix, so the path is resolved against ROOT_URL's origin.
 */
export function absoluteAssetUrl(context: PageHeadContext, path: string): string {
  return new URL(context.assetUrl(path), context.absoluteUrl()).href;
}

export function homeHead(context: PageHeadContext): HeadInput {
  return {
    // Not the site name: the app's titleTemplate ("%s · <site name>") adds it.
    title: 'Home',
    description: 'Launch notes of the Flightdeck packages for Meteor 3.',
    canonical: context.absoluteUrl(),
    openGraph: { type: 'website', title: context.siteName, image: absoluteAssetUrl(context, 'images/rocket.svg') },
  };
}

export function notesListHead(context: PageHeadContext): HeadInput {
  return { title: 'Launch notes', description: 'Every launch note.', canonical: context.absoluteUrl('notes') };
}

export function noteHead(context: PageHeadContext, note: LaunchNoteHead): HeadInput {
  return {
    title: note.title,
    description: note.summary,
    canonical: context.absoluteUrl(`notes/${note.slug}`),
    openGraph: { type: 'article', title: note.title, description: note.summary, image: absoluteAssetUrl(context, 'images/rocket.svg') },
    twitter: { card: 'summary', title: note.title },
  };
}
