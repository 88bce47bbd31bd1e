/**
 * Issue 10, data safety: a damaged request log used to stop the gateway from starting
 * ("database disk image is malformed", no path, no remedy), because the log and the
 * configuration shared one file. The log now has its own file: damage found at start or by
 * the background integrity check moves it aside with a message, and the gateway goes on with
 * its configuration intact and logging into a new file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { createGateway } from '../../core/gateway.js';
import { GatewayStartError } from '../../core/gateway-start-error.js';
import { createSecretStore } from '../../core/secrets/index.js';
import type { RequestLogEntry } from '../../core/store/index.js';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';

const DAY = 24 * 3_600_000;

/** Stops the harness's gateway, runs `between` on its files, and starts a new one on them. */
async function relaunch(h: Harness, between: () => void): Promise<void> {
  await h.gateway.stop();
  between();
  const gateway = await createGateway({
    dataDir: h.dataDir,
    host: '127.0.0.1',
    port: 0,
    configPath: h.configPath,
    secrets: await createSecretStore({ dataDir: h.dataDir, preferKeychain: false }),
  });
  h.gateway = gateway;
  h.url = (await gateway.start()).url;
}

function captureWarnings(): { messages: string[]; stop(): void } {
  const messages: string[] = [];
  const listener = (w: Error) => messages.push(w.message);
  process.on('warning', listener);
  return { messages, stop: () => process.off('warning', listener) };
}

async function chat(h: Harness, text: string): Promise<string> {
  const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const res = await client.chat.completions.create({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: text }] }).withResponse();
  return res.response.headers.get('x-request-id') ?? assert.fail('no request id');
}

function asideFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((f) => f.startsWith('requests.db.damaged-') && !f.endsWith('-wal') && !f.endsWith('-shm'));
}

async function assertServesAndLogs(h: Harness, label: string): Promise<void> {
  assert.equal((await h.gateway.control.call('gateway.status', {})).connectionCount, 4, `${label}: the configuration is intact`);
  const id = await chat(h, `after ${label}`);
  await h.gateway.store.requestLog.flush();
  const logged = await h.gateway.control.call('logs.list', { limit: 10 });
  assert.ok(logged.entries.some((e) => e.id === id), `${label}: new requests are logged`);
}

test('a request log that is no database at all: the gateway starts, moves it aside with a message naming both paths, and logs anew', async () => {
  const h = await startHarness();
  const warnings = captureWarnings();
  try {
    await chat(h, 'before');
    const log = h.gateway.store.requestLogPath;
    await relaunch(h, () => {
      for (const suffix of ['-wal', '-shm']) rmSync(log + suffix, { force: true });
      writeFileSync(log, 'not a database, a disk gone bad '.repeat(512));
    });
    const [aside] = asideFiles(h.dataDir);
    assert.ok(aside, `the damaged log was moved aside: ${readdirSync(h.dataDir).join(', ')}`);
    assert.match(readFileSync(join(h.dataDir, aside), 'utf8'), /a disk gone bad/, 'kept for salvage, not deleted');
    const said = warnings.messages.find((m) => m.includes('request log'));
    assert.ok(said, warnings.messages.join('\n'));
    assert.ok(said.includes(log) && said.includes(join(h.dataDir, aside)), said);
    await assertServesAndLogs(h, 'a garbage log');
  } finally {
    warnings.stop();
    await h.close();
  }
});

test('a damaged page among old rows: the gateway starts, the background integrity check finds it and replaces the log', async () => {
  // Old rows outside the window start reads, kept by a long retention so no prune touches them first.
  const h = await startHarness({ extraConfig: 'server:\n  requestLog:\n    retentionDays: 3650\n' });
  const warnings = captureWarnings();
  try {
    const old = Date.now() - 200 * DAY;
    for (let i = 0; i < 3000; i++) h.gateway.store.requestLog.write(oldEntry(i, old + i * 1000));
    await h.gateway.store.requestLog.flush();
    const log = h.gateway.store.requestLogPath;
    await relaunch(h, () => damageOldLeaf(log));
    const outcome = await h.gateway.integrityChecked();
    assert.ok(outcome, 'the check ran');
    assert.ok(outcome.log.length > 0, 'the damage was found');
    assert.deepEqual(outcome.config, [], 'the configuration file is sound');
    assert.ok(outcome.logMovedTo && existsSync(outcome.logMovedTo), 'the damaged log was moved aside');
    await new Promise((r) => setImmediate(r)); // process warnings are delivered on a later tick
    assert.ok(warnings.messages.some((m) => m.includes(outcome.logMovedTo!)), warnings.messages.join('\n'));
    await assertServesAndLogs(h, 'a damaged page');
    const fresh = new Database(log, { readonly: true });
    try {
      assert.equal(fresh.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      fresh.close();
    }
  } finally {
    warnings.stop();
    await h.close();
  }
});

test('a damaged configuration database stops start with its path and where the backups are', async () => {
  const h = await startHarness();
  try {
    const config = h.gateway.store.path;
    await h.gateway.stop();
    for (const suffix of ['-wal', '-shm']) rmSync(config + suffix, { force: true });
    const fd = openSync(config, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
    closeSync(fd);
    await assert.rejects(
      createGateway({ dataDir: h.dataDir, host: '127.0.0.1', port: 0, secrets: await createSecretStore({ dataDir: h.dataDir, preferKeychain: false }) }),
      (error: unknown) => {
        const text = error instanceof GatewayStartError ? [error.message, ...error.details].join('\n') : String(error);
        assert.match(text, new RegExp(config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        assert.match(text, /backups/);
        return true;
      },
    );
    assert.equal(existsSync(join(h.dataDir, 'gateway.lock')), false, 'the refused start gave the data dir lock back');
  } finally {
    // Its gateway is stopped already: only the mock and the files are left.
    await h.mock.close();
    rmSync(h.dataDir, { recursive: true, force: true });
  }
});

function oldEntry(i: number, ts: number): RequestLogEntry {
  return {
    id: `old-${String(i).padStart(5, '0')}`,
    ts,
    clientFormat: 'openai-chat',
    requestedModel: 'm',
    stream: false,
    status: 200,
    latencyMs: 5,
    attempts: 1,
    fallbacks: 0,
    providerId: 'up-chat',
    upstreamModel: 'mock-chat-1',
    errorCode: 'x'.repeat(200),
  };
}

/** Overwrites one leaf page of request_log holding the oldest rows with garbage. */
function damageOldLeaf(path: string): void {
  const db = new Database(path);
  let page: number;
  let pageSize: number;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    pageSize = Number(db.pragma('page_size', { simple: true }));
    const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = 'request_log' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    assert.ok(leaves.length > 10, `enough leaves to pick an old one: ${leaves.length}`);
    page = leaves[2]!;
  } finally {
    db.close();
  }
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
}
