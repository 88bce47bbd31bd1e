// Bundles the Electron main process (ESM) and the preload (CommonJS: a sandboxed preload
// cannot be an ES module and may only require 'electron').
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Native modules and Electron-only packages load from node_modules at run time.
const external = ['electron', 'better-sqlite3', 'keytar', 'electron-store', 'electron-updater'];

await build({
  absWorkingDir: root,
  entryPoints: ['main/main.ts'],
  outfile: 'dist/main/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies still call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __omnirouteCreateRequire } from 'node:module'; const require = __omnirouteCreateRequire(import.meta.url);",
  },
});

await build({
  absWorkingDir: root,
  entryPoints: ['preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});

console.log('built dist/main/main.js and dist/preload/preload.cjs');
