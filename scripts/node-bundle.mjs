// One ES module for Node from a TypeScript entry, as the Electron main process and the
// headless `serve` command are both shipped: native and Electron-only packages stay external
// and load from node_modules at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

export function bundleForNode({ entry, outfile, external, target }) {
  return build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target,
    external,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Bundled CommonJS dependencies still call require(); give the ES module one.
    banner: {
      js: "import { createRequire as __omnirouteCreateRequire } from 'node:module'; const require = __omnirouteCreateRequire(import.meta.url);",
    },
  });
}
