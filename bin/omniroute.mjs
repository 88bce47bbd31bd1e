#!/usr/bin/env node
// The `omniroute` command (package.json "bin"). It only loads the bundle that `npm run build`
// writes, so the installed command needs no TypeScript loader; from a checkout where nothing
// was built yet it says what to run instead of failing on a missing module.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/omniroute.js', import.meta.url);

if (!existsSync(bundle)) {
  console.error('omniroute: the command is not built yet (dist/cli/omniroute.js is missing). Run `npm run build` in the package directory first.');
  process.exit(1);
}

await import(bundle.href);
