// One worker thread of the Meteor compile check: compiles a file the way Meteor's babel-compiler
// package does (babel-compiler.js, Meteor 3.0-3.5: @meteorjs/babel's getDefaultOptions and compile)
// and answers with the module ids the compiled code imports, or Babel's error.
// CommonJS and in its own thread because @meteorjs/babel enables Reify's runtime on Module.prototype
// (module.link, a wrapped require), which must not leak into the test process.
const { parentPort } = require('node:worker_threads');
const Module = require('node:module');

// Reify's wrapped require() calls this.resolve(); Meteor's tool defines it through
// @meteorjs/reify/node, plain Node does not.
Module.prototype.resolve = function resolve(id) {
  return Module._resolveFilename(id, this);
};
const meteorBabel = require('@meteorjs/babel');

// What Reify leaves in compiled code for each import: module.link(id), module.dynamicImport(id),
// require(id), where Reify may rename `module` to module1, module2... for hygiene. Meteor's import
// scanner (tools/isobuild/js-analyze.js, findImportedModuleIdentifiers) follows the same calls.
function importedIds(code) {
  const ids = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'CallExpression' && node.arguments.length > 0 && node.arguments[0].type === 'StringLiteral') {
      const callee = node.callee;
      const isRequire = callee.type === 'Identifier' && callee.name === 'require';
      const isModuleCall = callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && /^module\d*$/.test(callee.object.name)
        && callee.property.type === 'Identifier' && (callee.property.name === 'link' || callee.property.name === 'dynamicImport');
      const isImport = callee.type === 'Import';
      if (isRequire || isModuleCall || isImport) ids.add(node.arguments[0].value);
    }
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'extra') continue;
      const value = node[key];
      if (value && typeof value === 'object') visit(value);
    }
  };
  visit(meteorBabel.parse(code));
  return [...ids];
}

parentPort.on('message', (task) => {
  try {
    const options = meteorBabel.getDefaultOptions(task.features);
    options.caller = { name: 'meteor', arch: task.arch };
    options.sourceMaps = true;
    options.filename = options.sourceFileName = task.babelFilename;
    // false: no cache directory, nothing written to disk.
    const result = meteorBabel.compile(task.source, options, false);
    parentPort.postMessage({ id: task.id, imports: importedIds(result.code) });
  } catch (error) {
    // Babel prefixes the message with the filename resolved against the working directory.
    // Babel colours its code frame when the environment looks like a colour terminal (CI=true does,
    // for supports-color): report the plain text either way.
    const text = error && error.message ? error.message.split(`${process.cwd()}/`).join('') : String(error);
    const message = text.replace(/\u001b\[[0-9;]*m/g, '');
    parentPort.postMessage({ id: task.id, error: message });
  }
});
