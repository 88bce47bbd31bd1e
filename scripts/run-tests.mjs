// Runs every test file (unit tests next to the code, suites under tests/) with Node's own
// test runner. Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['core', 'main', 'preload', 'renderer', 'tests', 'scripts'];
const skip = new Set(['node_modules', 'dist', 'release', '.artifacts']);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    if (skip.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
}

const filter = process.argv.slice(2);
const files = [];
for (const root of roots) walk(root, files);
const selected = filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected.sort()],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
