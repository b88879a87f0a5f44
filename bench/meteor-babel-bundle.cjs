// A worker thread of the analytics bench: bundles the client entry as the size bench does, but with
// each file first compiled the way Meteor 3's babel-compiler compiles it for modern browsers
// (web.browser: @meteorjs/babel's getDefaultOptions({ modernBrowsers, typescript, ... }), as in
// tests/helpers/meteor-babel-worker.cjs). That preset lowers optional chaining, `??`, object spread
// and template literals, so what Meteor serves is bigger than the plain bundle. Reify's module
// transform (module.link / module.export) is left out so esbuild can still bundle and split; the
// @babel/runtime helpers stay external (an app loads each once, whatever package uses it).
// Its own thread because @meteorjs/babel enables Reify's runtime on Module.prototype.
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const Module = require('node:module');

Module.prototype.resolve = function resolve(id) {
  return Module._resolveFilename(id, this);
};
const meteorBabel = require('@meteorjs/babel');
const reifyPlugin = require('@meteorjs/reify/plugins/babel');
const { build } = require('esbuild');

const withoutReify = (list) =>
  list
    .filter((entry) => (Array.isArray(entry) ? entry[0] : entry) !== reifyPlugin)
    .map((entry) => (entry && typeof entry === 'object' && !Array.isArray(entry) && entry.plugins ? { ...entry, plugins: withoutReify(entry.plugins) } : entry));

const meteorBabelPlugin = {
  name: 'meteor-babel-web-browser',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.tsx?$/ }, (args) => {
      const options = meteorBabel.getDefaultOptions({ react: true, jscript: true, useNativeAsyncAwait: true, typescript: true, modernBrowsers: true });
      options.presets = withoutReify(options.presets);
      options.caller = { name: 'meteor', arch: 'web.browser' };
      options.filename = options.sourceFileName = args.path;
      return { contents: meteorBabel.compile(readFileSync(args.path, 'utf8'), options, false).code, loader: 'js' };
    });
  },
};

build({ ...workerData, external: [...workerData.external, '@babel/runtime/*'], plugins: [meteorBabelPlugin] }).then(
  (result) => parentPort.postMessage({ files: result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })), metafile: result.metafile }),
  (error) => parentPort.postMessage({ error: error.message }),
);
