import { tagKey, type HeadTag } from './head-tags.ts';
import { HEAD_KEY_ATTRIBUTE } from './render-head.ts';

function keyOf(element: Element): string | undefined {
  const marked = element.getAttribute(HEAD_KEY_ATTRIBUTE);
  if (marked) return marked;
  const name = element.tagName.toLowerCase();
  if (name !== 'meta' && name !== 'link') return undefined;
  const attrs: Record<string, string> = {};
  for (const attribute of Array.from(element.attributes)) attrs[attribute.name] = attribute.value;
  return tagKey(name, attrs);
}

function createElement(doc: Document, tag: HeadTag): Element {
  const element = doc.createElement(tag.tag);
  // setAttribute and textContent never parse HTML: a `"><script>` value stays text.
  for (const [name, value] of Object.entries(tag.attrs)) element.setAttribute(name, value);
  element.setAttribute(HEAD_KEY_ATTRIBUTE, tag.key);
  if (tag.text !== undefined) element.textContent = tag.text;
  return element;
}

function sameElement(element: Element, fresh: Element): boolean {
  return element.outerHTML === fresh.outerHTML;
}

/**
 * Writes tags into `document.head`: a tag replaces the element with its key, ours (`data-seo`)
 * or the app's own (a `<meta name="description">` from the head template), so nothing is
 * duplicated; elements already equal are left alone. The title goes through `document.title`.
 */
export function writeHeadTags(doc: Document, tags: readonly HeadTag[]): void {
  const existing = new Map<string, Element>();
  for (const element of Array.from(doc.head.children)) {
    const key = keyOf(element);
    if (key && !existing.has(key)) existing.set(key, element);
  }
  for (const tag of tags) {
    if (tag.tag === 'title') {
      doc.title = tag.text ?? '';
      // document.title writes the first <title>, which is the app's head template's when the
      // server also rendered one (Seo.serverHead): keep ours equal, so no stale title is served.
      for (const title of Array.from(doc.head.querySelectorAll(`title[${HEAD_KEY_ATTRIBUTE}]`))) title.textContent = tag.text ?? '';
      continue;
    }
    const fresh = createElement(doc, tag);
    const current = existing.get(tag.key);
    if (current && sameElement(current, fresh)) continue;
    if (current) current.replaceWith(fresh);
    else doc.head.appendChild(fresh);
    existing.set(tag.key, fresh);
  }
}

/** Removes our elements with these keys. */
export function removeHeadTags(doc: Document, keys: Iterable<string>): void {
  const wanted = new Set(keys);
  for (const element of Array.from(doc.head.querySelectorAll(`[${HEAD_KEY_ATTRIBUTE}]`))) {
    const key = element.getAttribute(HEAD_KEY_ATTRIBUTE) as string;
    if (key !== 'title' && wanted.has(key)) element.remove();
  }
}

/** Removes every element we added (or the server rendered), except the title. */
export function removeAllHeadTags(doc: Document): void {
  for (const element of Array.from(doc.head.querySelectorAll(`[${HEAD_KEY_ATTRIBUTE}]`))) {
    if (element.tagName.toLowerCase() !== 'title') element.remove();
  }
}
