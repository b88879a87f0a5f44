// @types/meteor 2.9 lacks the module-era parts of the package.js API that Meteor 3 packages use
// (api.mainModule since Meteor 1.3, lazy files). Merged into its global PackageAPI interface.
interface PackageAPI {
  mainModule(path: string, architecture?: string | string[], options?: { lazy?: boolean }): void;
  addFiles(
    filenames: string | string[],
    architecture?: string | string[],
    options?: { bare?: boolean; lazy?: boolean },
  ): void;
}
