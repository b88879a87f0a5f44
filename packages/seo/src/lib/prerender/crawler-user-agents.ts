import prerenderNode from 'prerender-node';

/**
 * Link-preview fetchers that prerender-node 3.8.3 does not list: they read Open Graph tags and
 * run no JavaScript, so without a rendered page they show a blank card.
 */
export const linkPreviewUserAgents: readonly string[] = [
  'Slack-ImgProxy',
  'Slackbot-LinkExpanding',
  'Mastodon',
  'Pleroma',
  'Iframely',
  'Embedly',
  'Google-PageRenderer',
  'Snapchat',
  'Viber',
  'LinkedInBot',
  'Pinterestbot',
  'Yahoo Link Preview',
  'MicrosoftPreview',
  'SkypeUriPreview',
  'Bluesky Cardyb',
  'Cardyb',
  'redditbot',
  'Applebot',
];

/** prerender-node's crawler list, as the installed prerender-node ships it (copied, never mutated). */
export function prerenderNodeUserAgents(): string[] {
  return [...prerenderNode.crawlerUserAgents];
}

/** prerender-node's list of file extensions never prerendered. */
export function prerenderNodeIgnoredExtensions(): string[] {
  return [...prerenderNode.extensionsToIgnore];
}
