/**
 * kill -9 of `serve` under load: after a restart the database is intact and every request
 * whose response the client read to the end is in the request log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { startMockUpstream } from '../mock-upstream/index.js';
import { configYaml, UPSTREAMS } from './harness.js';

const root = join(import.meta.dirname, '..', '..');
const RATE_PER_SECOND = 200;
const LOAD_MS = 3_000;

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
}

async function serve(dataDir: string, configPath: string): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/cli/serve.ts', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--config', configPath], {
    cwd: root,
    env: { ...process.env, OMNIROUTE_SECRET_KEY: '22'.repeat(32) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  while (!stdout.includes('\n') && child.exitCode === null) await once(child.stdout, 'data').catch(() => undefined);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  assert.ok(url, `serve did not start: ${stdout} ${stderr}`);
  return { child, url, stderr: () => stderr };
}

const MODELS = [UPSTREAMS['openai-chat'].model, UPSTREAMS.anthropic.model, UPSTREAMS['openai-responses'].model, UPSTREAMS.gemini.model];

/** One chat request; resolves with its request id once the whole body was read, else undefined. */
async function request(url: string, i: number): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS[i % MODELS.length], stream: i % 2 === 1, messages: [{ role: 'user', content: `request number ${i}` }] }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`status ${res.status}: ${text}`);
    // A stream that was cut by the kill is not a completed response.
    if (i % 2 === 1 && !text.includes('data: [DONE]')) return undefined;
    return res.headers.get('x-request-id') ?? undefined;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('status')) throw error;
    return undefined;
  }
}

test('kill -9 under load loses no completed request and leaves an intact database', { timeout: 120_000 }, async () => {
  const mock = await startMockUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-crash-'));
  const configPath = join(dataDir, 'config.yaml');
  await writeFile(configPath, configYaml(mock.url));
  let served: Served | undefined;
  try {
    served = await serve(dataDir, configPath);
    const completed: string[] = [];
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    const started = performance.now();
    // Open loop at a fixed rate: a slow gateway does not slow the load down.
    while (performance.now() - started < LOAD_MS) {
      const due = Math.floor(((performance.now() - started) / 1000) * RATE_PER_SECOND);
      while (sent < due) {
        const i = sent++;
        const p: Promise<void> = request(served.url, i).then((id) => {
          if (id !== undefined) completed.push(id);
        });
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await sleep(2);
    }
    const pendingAtKill = inFlight.size;
    served.child.kill('SIGKILL');
    await once(served.child, 'exit');
    // A response still being read here was sent whole before the process died: it counts too.
    await Promise.allSettled([...inFlight]);
    assert.ok(completed.length >= LOAD_MS / 1000 * 50, `enough load: ${completed.length} completed of ${sent} sent (${pendingAtKill} in flight at the kill)`);

    // Restart on the same data dir (recovery runs at open), then stop it cleanly.
    served = await serve(dataDir, configPath);
    const health = await fetch(`${served.url}/health`);
    assert.equal(health.status, 200);
    served.child.kill('SIGTERM');
    const [code] = await once(served.child, 'exit');
    assert.equal(code, 0, served.stderr());
    served = undefined;

    const db = new Database(join(dataDir, 'requests.db'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const logged = new Set(db.prepare('SELECT id FROM request_log').pluck().all() as string[]);
      const missing = completed.filter((id) => !logged.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${completed.length} completed requests are missing from the log`);
    } finally {
      db.close();
    }
  } finally {
    if (served && served.child.exitCode === null) served.child.kill('SIGKILL');
    await mock.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
