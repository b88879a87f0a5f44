/**
 * Where Meteor 3.4+'s Rspack integration serves the client's split files from. Modelled on
 * meteor/meteor `packages/rspack/lib/constants.js` (rspack package 1.1.x, Meteor 3.4/3.5): the
 * folder names are `RSPACK_CHUNKS_CONTEXT` / `RSPACK_ASSETS_CONTEXT` from the environment, else
 * `build-chunks` / `build-assets`, suffixed with the basename of `METEOR_LOCAL_DIR` when that is
 * set (`build-chunks-<dir>`), and with `-test` / `-app-test` under `meteor test` /
 * `meteor test --full-app` (the mode-scoped `getRspackChunksContext`). `@meteorjs/rspack`
 * (2.2.0, 3.0.0-beta.3) writes them into the app's `public/`: lazily loaded chunks and CSS as
 * `build-chunks/[id].[chunkhash].js` and `build-chunks/[name].[contenthash].css`, fonts and
 * images as `build-assets/[hash][ext]`, all with `output.publicPath: "/"`.
 */
export interface RspackContexts {
  /** URL folder of JS/CSS chunks, without slashes: `build-chunks`. */
  chunks: string;
  /** URL folder of assets (fonts, images): `build-assets`. */
  assets: string;
}

export interface RspackContextsOptions {
  env: Record<string, string | undefined>;
  /** `Meteor.isTest || Meteor.isAppTest`. */
  isTest?: boolean;
  /** `Meteor.isAppTest` (`meteor test --full-app`). */
  isAppTest?: boolean;
}

const FOLDER = /^[A-Za-z0-9._-]+$/;

function localDirSuffix(env: Record<string, string | undefined>): string {
  const dir = env.METEOR_LOCAL_DIR;
  if (!dir) return '';
  const base = dir.replace(/\\/g, '/').replace(/\/+$/, '').split('/').pop() ?? '';
  return base ? `-${base}` : '';
}

/** The folder names the running server serves Rspack's files from. */
export function rspackContexts(options: RspackContextsOptions): RspackContexts {
  const { env } = options;
  const mode = options.isAppTest ? '-app-test' : options.isTest ? '-test' : '';
  const suffix = localDirSuffix(env);
  const contexts = {
    chunks: `${env.RSPACK_CHUNKS_CONTEXT || `build-chunks${suffix}`}${mode}`,
    assets: `${env.RSPACK_ASSETS_CONTEXT || `build-assets${suffix}`}${mode}`,
  };
  for (const [name, value] of Object.entries(contexts)) {
    // They become parts of regular expressions and URLs: a folder name, nothing else.
    if (!FOLDER.test(value)) throw new TypeError(`flightdeck:cdn: the Rspack ${name} folder ${JSON.stringify(value)} is not a plain folder name (RSPACK_${name.toUpperCase()}_CONTEXT)`);
  }
  return contexts;
}

/** The Rspack files' URL folders as path prefixes: `['/build-chunks/', '/build-assets/']`. */
export function rspackPathPrefixes(contexts: RspackContexts): string[] {
  return [`/${contexts.chunks}/`, `/${contexts.assets}/`];
}

/**
 * Whether the app runs with the Rspack integration: Meteor 3.4+ apps built with it have the
 * `rspack` package (`meteor/rspack`), so `Package.rspack` exists on the server. A weak check at
 * run time: flightdeck:cdn does not depend on it, and on Meteor 3.0–3.3 it is absent.
 */
export function hasRspack(packages: Record<string, unknown> | undefined): boolean {
  return !!packages && Object.prototype.hasOwnProperty.call(packages, 'rspack') && packages.rspack != null;
}
