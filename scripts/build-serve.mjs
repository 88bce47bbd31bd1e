// Bundles the headless `serve` command (core/cli/serve.ts) into one ES module that plain
// `node` runs: no TypeScript loader at run time, and one file to parse instead of hundreds.
import { bundleForNode } from './node-bundle.mjs';

await bundleForNode({
  entry: 'core/cli/serve.ts',
  // Two levels under the package root, like core/cli/serve.ts itself: serve.ts finds
  // dist/renderer by one relative URL that must hold from source and from the bundle.
  outfile: 'dist/cli/omniroute.js',
  // Native modules load from node_modules at run time (keytar only when the keychain is tried).
  external: ['better-sqlite3', 'keytar'],
  target: 'node20',
});

// `npm run serve` builds on every start; its output should begin with the gateway's own lines.
if (!process.argv.includes('--quiet')) console.log('built dist/cli/omniroute.js');
