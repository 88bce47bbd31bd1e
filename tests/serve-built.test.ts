/**
 * `serve` as users run it: the bundle `npm run build` writes (dist/cli/omniroute.js) and the
 * `omniroute` bin, under plain `node`. Assumes `npm run build` ran first. To prove no
 * TypeScript loader takes part, the bin runs from a copy of the package that holds no .ts
 * file and no tsx: only the bundle, the dashboard and better-sqlite3, as an install from the
 * packed tarball would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCaptured } from './fixtures/captured-process.js';
import { logIn } from './fixtures/management-login.js';

const root = join(import.meta.dirname, '..');
const bundle = join(root, 'dist', 'cli', 'omniroute.js');
/** The only packages the bundle leaves to node_modules (scripts/build-serve.mjs). */
const EXTERNAL = new Set(['better-sqlite3', 'keytar']);

/** The environment of a user's shell: no NODE_OPTIONS (which could bring --import tsx back). */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMNIROUTE_SECRET_KEY: '11'.repeat(32) };
  delete env.NODE_OPTIONS;
  delete env.npm_lifecycle_event;
  return env;
}

function runNode(args: string[], cwd: string) {
  return spawnCaptured(process.execPath, args, { cwd, env: plainEnv() });
}

/**
 * The import specifiers of the bundle's own code. esbuild prints strings double-quoted and
 * statements outside comments; the JSDoc it keeps from dependencies (`@type
 * {import('./x')}`) sits on comment lines or in one-line block comments, dropped first.
 */
function importSpecifiers(code: string): string[] {
  const patterns = [/^import\b[^;"]*?from\s*"([^"]+)"/gm, /^import\s*"([^"]+)"/gm, /\bimport\(\s*"([^"]+)"\s*\)/g, /require\(\s*"([^"]+)"\s*\)/g];
  const lines = code
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .map((line) => line.replace(/\/\*.*?\*\//g, ''))
    .join('\n');
  return [...new Set(patterns.flatMap((p) => [...lines.matchAll(p)].map((m) => m[1]!)))];
}

/**
 * A copy of the package as `npm pack` ships it (package.json says the .js bundle is an ES
 * module), with better-sqlite3 alone installed beside it. The link resolves to the
 * checkout's copy, whose own dependencies resolve from there; nothing else is reachable
 * from the copy's node_modules.
 */
function stagePackage(): string {
  const pkg = mkdtempSync(join(tmpdir(), 'omniroute-pkg-'));
  for (const part of ['bin', 'dist/cli', 'dist/renderer', 'package.json']) cpSync(join(root, part), join(pkg, part), { recursive: true });
  mkdirSync(join(pkg, 'node_modules'));
  symlinkSync(join(root, 'node_modules', 'better-sqlite3'), join(pkg, 'node_modules', 'better-sqlite3'), 'dir');
  return pkg;
}

test('the serve bundle imports only Node built-ins and the native externals, never a .ts file', () => {
  const specifiers = importSpecifiers(readFileSync(bundle, 'utf8'));
  // `node:` names only built-ins, including ones newer than this Node (undici's lazy node:sqlite).
  const foreign = specifiers.filter((s) => !s.startsWith('node:') && !isBuiltin(s) && !EXTERNAL.has(s));
  assert.deepEqual(foreign, [], 'everything else is bundled');
  assert.ok(specifiers.includes('better-sqlite3'), 'better-sqlite3 stays a run-time import');
  assert.ok(specifiers.includes('keytar'), 'keytar stays a run-time import');
  assert.deepEqual(specifiers.filter((s) => /\.[cm]?tsx?$/.test(s)), [], 'no TypeScript source is loaded at run time');
});

test('the omniroute bin, from a packed copy with no TypeScript and no tsx, serves, mints login links and stops on SIGTERM', async () => {
  const pkg = stagePackage();
  const cwd = mkdtempSync(join(tmpdir(), 'omniroute-cwd-'));
  const dataDir = join(cwd, 'data');
  try {
    const bin = join(pkg, 'bin', 'omniroute.mjs');
    assert.throws(() => createRequire(bin).resolve('tsx'), /Cannot find module/, 'no TypeScript loader is reachable from the copy');
    const s = runNode([bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], cwd);
    // Up to the note that follows the link, so a chunk boundary cannot cut the token short.
    const link = (await s.waitFor(/Dashboard login: (\S+) \(/))[1];
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(s.output().stdout)?.[1];
    assert.ok(url && link?.startsWith(`${url}/login?token=`), s.output().stdout);
    assert.match(s.output().stdout, /`omniroute login-link` prints another/);

    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    const index = await fetch(`${url}/`);
    assert.equal(index.status, 200);
    assert.equal(await index.text(), readFileSync(join(root, 'dist', 'renderer', 'index.html'), 'utf8'), 'the built dashboard, found from the bundle');
    await logIn(link);

    // The bare form (no `serve` word) still works, as `login-link` here.
    const minted = spawnSync(process.execPath, [bin, 'login-link', '--port', new URL(url).port, '--data-dir', dataDir], { cwd, env: plainEnv(), encoding: 'utf8' });
    assert.equal(minted.status, 0, minted.stderr);
    const login = await logIn(minted.stdout.trim());
    const status = await fetch(`${url}/api/gateway.status`, { method: 'POST', headers: login.headers, body: '{}' });
    assert.equal(status.status, 200, await status.text());

    s.child.kill('SIGTERM');
    const [code] = await once(s.child, 'exit');
    assert.equal(code, 0, s.output().stderr);
  } finally {
    rmSync(pkg, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('the bundle runs in place with plain node, with or without the serve word', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'omniroute-cwd-'));
  try {
    for (const command of [['serve'], []]) {
      const s = runNode([bundle, ...command, '--host', '127.0.0.1', '--port', '0', '--data-dir', join(cwd, `data-${command.length}`)], cwd);
      const url = (await s.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/))[1];
      assert.equal((await fetch(`${url}/health`)).status, 200);
      s.child.kill('SIGTERM');
      const [code] = await once(s.child, 'exit');
      assert.equal(code, 0, s.output().stderr);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('the bin says to run npm run build when the bundle is missing', () => {
  const pkg = mkdtempSync(join(tmpdir(), 'omniroute-pkg-'));
  try {
    cpSync(join(root, 'bin'), join(pkg, 'bin'), { recursive: true });
    const r = spawnSync(process.execPath, [join(pkg, 'bin', 'omniroute.mjs'), 'serve'], { cwd: pkg, env: plainEnv(), encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /npm run build/);
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});
