import { dedupeHeadTags, headTags, type HeadInput, type HeadTag } from './head-tags.ts';
import { removeAllHeadTags, removeHeadTags, writeHeadTags } from './dom-head.ts';
import { dropUnsafeUrls, type UnsafeHeadUrl } from './safe-url.ts';

/**
 * The head the page asked for, by key, mirrored into a document when there is one. Every change
 * notifies listeners (the reactive title, prerenderReady's "head settled").
 */
export class HeadState {
  readonly #doc: Document | undefined;
  readonly #tags = new Map<string, HeadTag>();
  readonly #listeners = new Set<() => void>();
  #titleTemplate: string | undefined;
  readonly #onUnsafeUrl: UnsafeHeadUrl | undefined;

  /** `onUnsafeUrl`: told of each tag dropped for a URL that is neither http(s) nor relative. */
  constructor(doc?: Document, options: { titleTemplate?: string; onUnsafeUrl?: UnsafeHeadUrl } = {}) {
    this.#doc = doc;
    this.#titleTemplate = options.titleTemplate;
    this.#onUnsafeUrl = options.onUnsafeUrl;
  }

  /** Tags as they stand, in the order they were first set. */
  tags(): HeadTag[] {
    return [...this.#tags.values()];
  }

  title(): string | undefined {
    return this.#tags.get('title')?.text ?? this.#doc?.title;
  }

  /** Declarative: the fields given replace what was set for them; the rest stays. */
  setHead(input: HeadInput): void {
    const template = input.titleTemplate ?? this.#titleTemplate;
    if (input.titleTemplate !== undefined) this.#titleTemplate = input.titleTemplate;
    this.addTags(headTags({ ...input, titleTemplate: template }, this.#onUnsafeUrl));
  }

  /** Tags by key; a link or URL-valued meta whose URL is not http(s) or relative is dropped (DocHead's addLink / addMeta too). */
  addTags(tags: readonly HeadTag[]): void {
    const unique = dedupeHeadTags(dropUnsafeUrls(tags, this.#onUnsafeUrl));
    for (const tag of unique) this.#tags.set(tag.key, tag);
    if (this.#doc) writeHeadTags(this.#doc, unique);
    this.#emit();
  }

  removeTags(keys: readonly string[]): void {
    for (const key of keys) this.#tags.delete(key);
    if (this.#doc) removeHeadTags(this.#doc, keys);
    this.#emit();
  }

  /** A route change: everything the previous route set goes, server-rendered tags included. */
  clear(): void {
    this.#tags.clear();
    if (this.#doc) removeAllHeadTags(this.#doc);
    this.#emit();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
