// Bundles the headless `serve` command (core/cli/serve.ts) into one ES module that plain
// `node` runs: no TypeScript loader at run time, and one file to parse instead of hundreds.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Native modules load from node_modules at run time (keytar only when the keychain is tried).
const external = ['better-sqlite3', 'keytar'];

await build({
  absWorkingDir: root,
  entryPoints: ['core/cli/serve.ts'],
  // Two levels under the package root, like core/cli/serve.ts itself: serve.ts finds
  // dist/renderer by one relative URL that must hold from source and from the bundle.
  outfile: 'dist/cli/omniroute.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies still call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __omnirouteCreateRequire } from 'node:module'; const require = __omnirouteCreateRequire(import.meta.url);",
  },
});

// `npm run serve` builds on every start; its output should begin with the gateway's own lines.
if (!process.argv.includes('--quiet')) console.log('built dist/cli/omniroute.js');
