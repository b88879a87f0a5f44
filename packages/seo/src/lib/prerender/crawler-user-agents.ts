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

/**
 * Search engines and AI crawlers that prerender-node 3.8.3 does not list, none of which runs
 * JavaScript on most pages: DuckDuckGo, Yandex's and Naver's, Seznam, Qwant, Mojeek, Petal, and the
 * AI crawlers and assistants (OpenAI, Anthropic, Perplexity, Amazon, Apple, Common Crawl, ByteDance,
 * Meta, Cohere, You.com, Diffbot...). The general rules of `looksLikeCrawler` catch most of them
 * too; the names keep them crawlers whatever their user agents turn into.
 */
export const searchAndAiCrawlerUserAgents: readonly string[] = [
  'DuckDuckBot',
  'DuckAssistBot',
  'YandexBot',
  'YandexRenderResourcesBot',
  'Yeti',
  'SeznamBot',
  'Qwantify',
  'QwantBot',
  'MojeekBot',
  'PetalBot',
  'Sogou web spider',
  'Google-InspectionTool',
  'GoogleOther',
  'Storebot-Google',
  'GPTBot',
  'ChatGPT-User',
  'OAI-SearchBot',
  'ClaudeBot',
  'Claude-Web',
  'Claude-User',
  'Claude-SearchBot',
  'anthropic-ai',
  'PerplexityBot',
  'Perplexity-User',
  'Amazonbot',
  'Applebot-Extended',
  'CCBot',
  'Bytespider',
  'meta-externalagent',
  'meta-externalfetcher',
  'FacebookBot',
  'cohere-ai',
  'cohere-training-data-crawler',
  'YouBot',
  'Diffbot',
  'Timpibot',
  'Kagibot',
  'MistralAI-User',
  'AI2Bot',
  'ImagesiftBot',
  'Omgilibot',
];

/** prerender-node's crawler list, as the installed prerender-node ships it (copied, never mutated). */
export function prerenderNodeUserAgents(): string[] {
  return [...prerenderNode.crawlerUserAgents];
}

/** prerender-node's list of file extensions never prerendered. */
export function prerenderNodeIgnoredExtensions(): string[] {
  return [...prerenderNode.extensionsToIgnore];
}
