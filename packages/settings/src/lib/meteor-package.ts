/**
 * A package that may or may not be in the app (a weak dependency): Meteor defines each loaded
 * package on the global `Package` object under its full name, e.g. `Package['ostrio:flow-router-extra']`.
 * Read at run time, never imported, so the package is not pulled into the bundle.
 */
export function meteorPackage<T = Record<string, unknown>>(name: string): T | undefined {
  const registry = (globalThis as { Package?: Record<string, unknown> }).Package;
  return registry?.[name] as T | undefined;
}
