import { jsonLdTag, linkTag, metaTag, titleTag } from './head-tags.ts';
import type { HeadState } from './head-state.ts';

/** Tracker's Dependency, or anything with the same two methods. */
export interface ReactiveDependency {
  depend(): unknown;
  changed(): void;
}

export interface LoadScriptOptions {
  attrs?: Record<string, string>;
}

/** kadira:dochead's API, with escaping and dedupe: its users change one import. */
export interface DocHeadApi {
  setTitle(title: string): void;
  /** Reactive when a dependency was given (Tracker in Meteor). */
  getTitle(): string | undefined;
  addMeta(info: Record<string, string>): void;
  addLink(info: Record<string, string>): void;
  addLdJsonScript(data: Record<string, unknown>): void;
  loadScript(url: string, options?: LoadScriptOptions | (() => void), callback?: () => void): void;
  removeDocHeadAddedTags(): void;
}

/** kadira:dochead's `DocHead` on top of the shared head state. */
export function createDocHead(head: HeadState, doc?: Document, dependency?: ReactiveDependency): DocHeadApi {
  let jsonLdCount = 0;
  head.onChange(() => dependency?.changed());
  return {
    setTitle(title) {
      head.addTags([titleTag(String(title))]);
    },
    getTitle() {
      dependency?.depend();
      return head.title();
    },
    addMeta(info) {
      head.addTags([metaTag(stringAttrs(info))]);
    },
    addLink(info) {
      head.addTags([linkTag(stringAttrs(info))]);
    },
    addLdJsonScript(data) {
      head.addTags([jsonLdTag(data, 1000 + jsonLdCount++)]);
    },
    loadScript(url, options, callback) {
      const done = typeof options === 'function' ? options : callback;
      const attrs = typeof options === 'object' ? (options.attrs ?? {}) : {};
      if (!doc) return;
      // Loading the same script twice runs it twice: only the first call adds it.
      const existing = doc.head.querySelector(`script[src="${CSS.escape(url)}"]`);
      if (existing) {
        done?.();
        return;
      }
      const script = doc.createElement('script');
      for (const [name, value] of Object.entries(attrs)) script.setAttribute(name, value);
      script.async = true;
      script.src = url;
      if (done) script.addEventListener('load', () => done());
      doc.head.appendChild(script);
    },
    removeDocHeadAddedTags() {
      jsonLdCount = 0;
      head.clear();
    },
  };
}

function stringAttrs(info: Record<string, unknown>): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(info)) if (value !== undefined && value !== null) attrs[name] = String(value);
  return attrs;
}
