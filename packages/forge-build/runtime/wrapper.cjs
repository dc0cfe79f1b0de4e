'use strict';
// Local stand-in for Forge's runtime wrapper — the one file `@forge/bundler` downloads from Atlassian's CDN at
// deploy time and writes beside the bundle as `__forge__.cjs`. Offline there is no CDN, so the build writes this
// file in its place; nothing of it is inside the app's own bundle. On the platform the wrapper installs the
// runtime globals (`__forge_runtime__`, `__forge_fetch__`) and calls the handler a manifest function names; in
// the sandbox the host installs those globals itself, and this file only resolves `<module>.<export>` the way the
// platform does: the module is a bundle file in this folder, the export a function of it.
const { join } = require('node:path');

const MODULE = /^[A-Za-z0-9_-]+$/;

/** The function a manifest `handler` (e.g. `index.panelHandler`) names, or an Error saying why there is none. */
exports.resolveHandler = function resolveHandler(handler) {
  const parts = String(handler).split('.');
  if (parts.length !== 2 || !MODULE.test(parts[0]) || !parts[1]) {
    return new Error(`Handler "${handler}" is not of the form <module>.<export>`);
  }
  const [module, name] = parts;
  let loaded;
  try {
    loaded = require(join(__dirname, `${module}.cjs`));
  } catch (error) {
    return new Error(
      `Bundle "${module}.cjs" could not be loaded: ${error instanceof Error ? error.message : error}`,
    );
  }
  const fn = Object.hasOwn(loaded, name) ? loaded[name] : undefined;
  return typeof fn === 'function' ? fn : new Error(`Handler ${handler} is not exported by the bundle`);
};
