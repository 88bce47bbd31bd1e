/** The headless `serve` command as a user runs it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCaptured } from '../fixtures/captured-process.js';
import { logIn } from '../fixtures/management-login.js';

const root = join(import.meta.dirname, '..', '..');

function serve(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnCaptured(process.execPath, ['--import', 'tsx', 'core/cli/serve.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
}

test('serve starts, says where it listens, answers /health, and stops on SIGTERM', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-serve-'));
  try {
    const s = serve(['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], { OMNIROUTE_SECRET_KEY: '11'.repeat(32) });
    const line = await s.firstLine();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
    assert.ok(url, `unexpected first line: ${line} ${s.output().stderr}`);
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    s.child.kill('SIGTERM');
    const [code] = await once(s.child, 'exit');
    assert.equal(code, 0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('serve creates a missing data dir private (0700) even under umask 022, with no warning', { skip: process.platform === 'win32' }, async () => {
  const parent = await mkdtemp(join(tmpdir(), 'omniroute-serve-'));
  const dataDir = join(parent, 'fresh');
  const previous = process.umask(0o022);
  try {
    const s = serve(['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], { OMNIROUTE_SECRET_KEY: '11'.repeat(32) });
    const line = await s.firstLine();
    assert.match(line, /listening on/, s.output().stderr);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
    assert.doesNotMatch(s.output().stderr, /readable by other users/);
    s.child.kill('SIGTERM');
    await once(s.child, 'exit');
  } finally {
    process.umask(previous);
    await rm(parent, { recursive: true, force: true });
  }
});

test('serve with a port already taken fails with one clear line', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-serve-'));
  try {
    const s = serve(['--port', String(port), '--data-dir', dataDir], { OMNIROUTE_SECRET_KEY: '11'.repeat(32) });
    const [code] = await once(s.child, 'exit');
    assert.equal(code, 1);
    const { stderr } = s.output();
    assert.match(stderr, new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
    assert.equal(stderr.trim().split('\n').length, 1, `one line, got: ${stderr}`);
  } finally {
    blocker.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('serve with an invalid config names the field and exits', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-serve-'));
  try {
    const configPath = join(dataDir, 'config.yaml');
    await writeFile(configPath, 'connections:\n  - provider: openai\n    label: work\n    apiKey: env:OMNIROUTE_TEST_MISSING_KEY\n');
    const s = serve(['--port', '0', '--data-dir', dataDir, '--config', configPath]);
    const [code] = await once(s.child, 'exit');
    assert.equal(code, 1);
    assert.match(s.output().stderr, /connections\[0\]\.apiKey/);
    assert.match(s.output().stderr, /OMNIROUTE_TEST_MISSING_KEY/);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('serve prints a one-time dashboard login link; `serve login-link` mints another while it runs', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-serve-'));
  const dashboard = await mkdtemp(join(tmpdir(), 'omniroute-dash-'));
  await writeFile(join(dashboard, 'index.html'), '<!doctype html><title>d</title>');
  try {
    const s = serve(['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--dashboard', dashboard], { OMNIROUTE_SECRET_KEY: '11'.repeat(32) });
    while (!/Dashboard login: \S+/.test(s.output().stdout) && s.child.exitCode === null) await once(s.child.stdout, 'data');
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(s.output().stdout)?.[1];
    const printed = /Dashboard login: (\S+)/.exec(s.output().stdout)?.[1];
    assert.ok(url && printed?.startsWith(`${url}/login?token=`), s.output().stdout);
    assert.equal((await logIn(printed)).csrf.length > 0, true);

    const port = new URL(url).port;
    const minted = spawnSync(process.execPath, ['--import', 'tsx', 'core/cli/serve.ts', 'login-link', '--port', port, '--data-dir', dataDir], { cwd: root, encoding: 'utf8' });
    assert.equal(minted.status, 0, minted.stderr);
    const link = minted.stdout.trim();
    assert.ok(link.startsWith(`${url}/login?token=`), link);
    const login = await logIn(link);
    const status = await fetch(`${url}/api/gateway.status`, { method: 'POST', headers: login.headers, body: '{}' });
    assert.equal(status.status, 200, await status.text());

    s.child.kill('SIGTERM');
    await once(s.child, 'exit');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(dashboard, { recursive: true, force: true });
  }
});
