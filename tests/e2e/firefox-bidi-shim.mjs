// Test-only shim, imported before playwright-core. Playwright drives Firefox over WebDriver
// BiDi (`channel: 'moz-firefox'`), and sets the colour-scheme emulation on every new context
// with `emulation.setMediaFeaturesOverride`, a command Debian's Firefox ESR does not have yet:
// every `newContext()` would fail. This makes that one call tolerate "unknown command" (the
// context then simply keeps the browser's own colour scheme). Newer Firefox runs it as usual.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Module = require('module');
const bundle = /playwright-core[\\/]lib[\\/]coreBundle\.js$/;
const compile = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
  if (!bundle.test(filename)) return compile(module, filename);
  const fs = require('fs');
  const source = fs
    .readFileSync(filename, 'utf8')
    .replace(
      /(await )(this\._(?:browser\._browserSession|session)\.send\("emulation\.setMediaFeaturesOverride", \{[^}]*\}[^}]*\}\))/g,
      '$1$2.catch((e) => { if (!/unknown command/.test(String(e && e.message))) throw e; })',
    );
  module._compile(source, filename);
};
