// flightdeck:cdn installed on a WebApp harness the way its server glue installs it on Meteor's
// WebApp (src/server.ts): the harness's WebApp, WebAppInternals, runtime config and ROOT_URL, plus
// the test's settings; warnings are collected, not printed.
//
//   const { cdn, warnings } = await installCdnOnHarness(app, { settings: { url: 'https://cdn.example.com' } });
import { installCdn, type InstallCdnOptions, type InstalledCdn, type WebAppInternalsLike, type WebAppLike } from '../../packages/cdn/src/index.ts';
import type { WebAppHarness } from './webapp-harness.ts';

export type HarnessCdnOptions = Omit<InstallCdnOptions, 'WebApp' | 'WebAppInternals' | 'runtimeConfig' | 'rootUrl'> & {
  /** another WebApp than the harness's (one missing a handler, say) */
  WebApp?: WebAppLike;
};

export async function installCdnOnHarness(app: WebAppHarness, options: HarnessCdnOptions): Promise<{ cdn: InstalledCdn; warnings: string[] }> {
  const warnings: string[] = [];
  const cdn = await installCdn({
    WebApp: app.WebApp as unknown as WebAppLike,
    WebAppInternals: app.WebAppInternals as unknown as WebAppInternalsLike,
    runtimeConfig: app.runtimeConfig,
    rootUrl: app.rootUrl,
    warn: (message) => warnings.push(message),
    ...options,
  });
  return { cdn, warnings };
}
