/**
 * Issue 10, data safety: other local users must not read prompts or keys (data dir 0700,
 * files 0600 whatever the umask), and two gateways must not share one data dir.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, GatewayStartError } from '../../core/gateway.js';
import { LOCK_FILE_NAME } from '../../core/data-dir-lock.js';
import { createSecretStore, SECRET_KEY_ENV } from '../../core/secrets/index.js';

const skip = process.platform === 'win32' ? 'POSIX modes' : false;

before(() => {
  // A permissive umask, as most desktops have: modes must not depend on it.
  process.umask(0o022);
});

async function base(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'omniroute-datadir-'));
}

async function config(dir: string): Promise<string> {
  const path = join(dir, 'config.yaml');
  await writeFile(path, 'connections:\n  - { provider: openai, label: main, apiKey: sk-canary-datadir, baseUrl: "http://127.0.0.1:9/v1" }\n');
  return path;
}

const env = { [SECRET_KEY_ENV]: randomBytes(32).toString('hex') };

async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length + 1)] = ((await stat(full)).mode & 0o777).toString(8);
  }
  return out;
}

test('a data dir the gateway creates is 0700 and every file in it 0600, with umask 022', { skip }, async () => {
  const root = await base();
  const dataDir = join(root, 'nested', 'data');
  try {
    const gw = await createGateway({ dataDir, host: '127.0.0.1', port: 0, configPath: await config(root), env });
    await gw.start();
    assert.equal(((await stat(dataDir)).mode & 0o777).toString(8), '700');
    await gw.store.backup(join(dataDir, 'backup.db'));
    const open = await modes(dataDir);
    assert.ok('omniroute.db' in open && 'omniroute.db-wal' in open && 'secrets.json' in open && LOCK_FILE_NAME in open, JSON.stringify(open));
    for (const [file, mode] of Object.entries(open)) assert.equal(mode, '600', `${file} is ${mode}`);
    await gw.stop();
    // The encrypted secret store with its own key file (no env key), in a dir it creates.
    const keysDir = join(root, 'keys', 'data');
    const secrets = await createSecretStore({ dataDir: keysDir, preferKeychain: false, env: {} });
    await secrets.set('canary', 'sk-canary-datadir');
    assert.equal(((await stat(keysDir)).mode & 0o777).toString(8), '700');
    const keyModes = await modes(keysDir);
    assert.deepEqual(Object.keys(keyModes).sort(), ['secret.key', 'secrets.json']);
    for (const [file, mode] of Object.entries(keyModes)) assert.equal(mode, '600', `${file} is ${mode}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a database left 0644 by an older version is made 0600; a shared data dir gets a warning and keeps its mode', { skip }, async () => {
  const dataDir = await base();
  try {
    const first = await createGateway({ dataDir, host: '127.0.0.1', port: 0, env });
    await first.stop();
    await chmod(join(dataDir, 'omniroute.db'), 0o644);
    await chmod(dataDir, 0o755);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const gw = await createGateway({ dataDir, host: '127.0.0.1', port: 0, env });
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    await gw.stop();
    assert.equal(((await stat(join(dataDir, 'omniroute.db'))).mode & 0o777).toString(8), '600');
    assert.equal(((await stat(dataDir)).mode & 0o777).toString(8), '755');
    assert.ok(warnings.some((w) => w.includes(dataDir) && w.includes('chmod 700')), JSON.stringify(warnings));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a second gateway on the same data dir is refused, naming the pid; after stop the dir is free', async () => {
  const dataDir = await base();
  try {
    const gw = await createGateway({ dataDir, host: '127.0.0.1', port: 0, env });
    await gw.start();
    await assert.rejects(
      createGateway({ dataDir, host: '127.0.0.1', port: 0, env }),
      (e: unknown) => e instanceof GatewayStartError && e.message.includes(`pid ${process.pid}`) && e.message.includes(dataDir) && /--data-dir/.test(e.message),
    );
    await gw.stop();
    assert.deepEqual((await readdir(dataDir)).filter((f) => f.startsWith(LOCK_FILE_NAME)), []);
    const again = await createGateway({ dataDir, host: '127.0.0.1', port: 0, env });
    await again.stop();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a lock held by another live process refuses start; once that process is dead its lock is taken over', async () => {
  const dataDir = await base();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  try {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, LOCK_FILE_NAME), `${child.pid}\n`);
    await assert.rejects(createGateway({ dataDir, host: '127.0.0.1', port: 0, env }), new RegExp(`another OmniRoute gateway \\(pid ${child.pid}\\)`, 'i'));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const gw = await createGateway({ dataDir, host: '127.0.0.1', port: 0, env });
    assert.equal((await readFile(join(dataDir, LOCK_FILE_NAME), 'utf8')).trim(), String(process.pid));
    await gw.stop();
    // A lock file with no pid in it (hand-made, or cut short) is stale too.
    await writeFile(join(dataDir, LOCK_FILE_NAME), '');
    const gw2 = await createGateway({ dataDir, host: '127.0.0.1', port: 0, env });
    await gw2.stop();
  } finally {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
});
