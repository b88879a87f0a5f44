import { escapeHtml } from './escape-html.ts';
import type { HeadTag } from './head-tags.ts';

/** The attribute that marks a tag as ours, holding its key: the browser takes server tags over by it. */
export const HEAD_KEY_ATTRIBUTE = 'data-seo';

function attributes(tag: HeadTag): string {
  const attrs = { ...tag.attrs, [HEAD_KEY_ATTRIBUTE]: tag.key };
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name.replace(/[^\w:-]/g, '')}="${escapeHtml(value)}"`)
    .join('');
}

/** One tag as HTML, every value escaped. */
export function renderHeadTag(tag: HeadTag): string {
  switch (tag.tag) {
    case 'title':
      return `<title${attributes(tag)}>${escapeHtml(tag.text ?? '')}</title>`;
    case 'script':
      // JSON-LD text is escaped by jsonLdTag: `<` is \u003c, so it cannot close the script.
      return `<script${attributes(tag)}>${tag.text ?? ''}</script>`;
    default:
      return `<${tag.tag}${attributes(tag)}>`;
  }
}

/** Tags as HTML for the initial page (`data.dynamicHead` or server-render's `appendToHead`). */
export function renderHead(tags: readonly HeadTag[]): string {
  return tags.map(renderHeadTag).join('\n');
}
