// Bundles the Electron main process (ESM) and the preload (CommonJS: a sandboxed preload
// cannot be an ES module and may only require 'electron').
import { build } from 'esbuild';
import { bundleForNode, root } from './node-bundle.mjs';

// Native modules and Electron-only packages load from node_modules at run time.
const external = ['electron', 'better-sqlite3', 'keytar', 'electron-store', 'electron-updater'];

await bundleForNode({ entry: 'main/main.ts', outfile: 'dist/main/main.js', external, target: 'node22' });

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
