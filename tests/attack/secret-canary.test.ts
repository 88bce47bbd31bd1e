/**
 * Issue 10: a provider key and a gateway key, each a unique canary, must turn up in no file
 * the gateway writes, no log row or captured body, no export or backup, no error a client or
 * the dashboard sees, and no pushed event, whatever the traffic: successes in every client
 * format, a prompt that quotes the keys, and a hostile upstream that echoes the key it was
 * sent in its error message (the gateway shows the upstream's words with the key redacted).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROL_METHODS } from '../../core/control/contract.js';
import { SseParser } from '../../core/sse/parser.js';
import { logIn } from '../fixtures/management-login.js';
import { startHarness, UPSTREAMS } from '../e2e/harness.js';
import { filesUnder } from '../fixtures/files-under.js';

const PROVIDER_CANARY = `sk-canary-${randomBytes(12).toString('hex')}`;
const GATEWAY_CANARY = `gw-canary-${randomBytes(12).toString('hex')}`;
/** A key entered through the control API (connections.create and a key replace). */
const ENTERED_CANARY = `sk-entered-${randomBytes(12).toString('hex')}`;
const CANARIES = [PROVIDER_CANARY, GATEWAY_CANARY, ENTERED_CANARY];

function assertNoCanary(text: string, where: string): void {
  for (const canary of CANARIES) {
    assert.ok(!text.includes(canary), `${where} holds the canary ${canary.slice(0, 12)}…: ${text.slice(Math.max(0, text.indexOf(canary) - 200), text.indexOf(canary) + 60)}`);
  }
}


test('the canary keys appear in no file, log, capture, export, backup, error, header or event', { timeout: 120_000 }, async () => {
  const h = await startHarness({
    // The keys come from the environment, so the config file the user wrote holds neither.
    extraConfig: `server:\n  apiKeys:\n    - key: env:OMNIROUTE_TEST_GATEWAY_CANARY\n      label: canary-key\n  requestLog:\n    captureBodies: true\n`,
    extraConnections: [{ provider: UPSTREAMS['openai-chat'].provider, label: 'canary', apiKey: 'env:OMNIROUTE_TEST_PROVIDER_CANARY', priority: 1 }],
    gateway: { env: { ...process.env, OMNIROUTE_TEST_PROVIDER_CANARY: PROVIDER_CANARY, OMNIROUTE_TEST_GATEWAY_CANARY: GATEWAY_CANARY } },
  });
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const login = await logIn(h.gateway.loginLink());
    const events = await fetch(`${h.url}/api/events`, { headers: { cookie: login.cookie } });
    assert.equal(events.status, 200);
    const eventText: string[] = [];
    const parser = new SseParser();
    const reading = (async () => {
      const reader = events.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const m of parser.push(value)) eventText.push(m.data);
      }
    })().catch(() => undefined);

    const seen: string[] = [];
    const send = async (path: string, body: unknown, label: string) => {
      const res = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_CANARY}` },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      seen.push(`${label}: ${res.status} ${JSON.stringify([...res.headers])} ${text}`);
      return { status: res.status, text, headers: res.headers };
    };
    const model = UPSTREAMS['openai-chat'].model;
    const quoting = `please keep these safe: ${PROVIDER_CANARY} and ${GATEWAY_CANARY}`;

    // Served through the canary account, from every client format (the prompt quoting the keys is
    // the user's own text: the answer may echo it, the log and its captures must not).
    const ok = await send('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'hello' }] }, 'chat');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.headers.get('x-omniroute-account'), 'canary', 'the canary account served');
    await send('/v1/chat/completions', { model, messages: [{ role: 'user', content: quoting }] }, 'chat quoting');
    await send('/v1/responses', { model, input: quoting, stream: true }, 'responses');
    await send('/v1/messages', { model, max_tokens: 32, messages: [{ role: 'user', content: quoting }] }, 'anthropic');
    await send(`/v1beta/models/${model}:generateContent`, { contents: [{ role: 'user', parts: [{ text: quoting }] }] }, 'gemini');
    seen.length = 0; // those answers may echo the prompt; from here on every answer is checked

    // A hostile upstream echoes the key it was sent in its error body, as OpenAI's own 401 half does.
    h.mock.inject({
      match: { apiKey: PROVIDER_CANARY },
      times: 3,
      fault: { kind: 'status', status: 400, body: { error: { message: `Incorrect API key provided: ${PROVIDER_CANARY}`, type: 'invalid_request_error', code: PROVIDER_CANARY } } },
    });
    await send('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'echo attempt' }] }, 'upstream 400 echoing the key');
    await send('/v1/messages', { model, max_tokens: 16, messages: [{ role: 'user', content: 'echo attempt' }] }, 'upstream 400, anthropic client');
    await send('/v1/chat/completions', { model, stream: true, messages: [{ role: 'user', content: 'echo attempt' }] }, 'upstream 400, streamed');
    h.mock.inject({ match: { apiKey: PROVIDER_CANARY }, fault: { kind: 'status', status: 401, body: { error: { message: `bad key ${PROVIDER_CANARY}` } } } });
    await send('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'rejected' }] }, 'upstream 401 echoing the key');
    // A wrong gateway key, and a client that sends the provider key as its gateway key.
    for (const key of ['wrong', PROVIDER_CANARY]) {
      const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '{}' });
      const text = await res.text();
      assert.equal(res.status, 401);
      seen.push(`gateway key ${key === 'wrong' ? 'wrong' : 'provider canary'}: ${text}`);
    }

    // The dashboard's view: every read method, an export without keys, a backup.
    const control = async (method: string, input: unknown) => {
      const res = await fetch(`${h.url}/api/${method}`, { method: 'POST', headers: login.headers, body: JSON.stringify(input) });
      const text = await res.text();
      seen.push(`${method}: ${res.status} ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const entered = (await control('connections.create', { provider: UPSTREAMS['openai-chat'].provider, label: 'entered', apiKey: `${ENTERED_CANARY}-old` })) as { id: string };
    await control('connections.update', { id: entered.id, apiKey: ENTERED_CANARY, label: 'entered-renamed' });
    await control('connections.list', {});
    await control('audit.list', {});
    const page = (await control('logs.list', { limit: 100 })) as { entries: Array<{ id: string }> };
    assert.ok(page.entries.length >= 9, `every request is logged: ${page.entries.length}`);
    for (const entry of page.entries) await control('logs.get', { id: entry.id });
    for (const method of CONTROL_METHODS.filter((m) => ['gateway.status', 'providers.list', 'routing.status', 'quota.status', 'budgets.status'].includes(m))) {
      await control(method, {});
    }
    await control('usage.summary', { groupBy: 'key' });
    const exported = await control('config.export', {});
    assert.ok(typeof exported.path === 'string', JSON.stringify(exported));
    const backup = await control('backup.create', {});
    assert.ok(typeof backup.path === 'string', JSON.stringify(backup));

    await h.gateway.store.requestLog.flush();
    await new Promise((r) => setTimeout(r, 100));
    for (const line of seen) assertNoCanary(line, line.slice(0, 60));
    assert.ok(eventText.length >= 9, `events were pushed: ${eventText.length}`);
    assertNoCanary(eventText.join('\n'), 'a pushed event');

    await h.gateway.stop();
    await reading;
    assertNoCanary(warnings.join('\n'), 'a process warning');
    // Every file the gateway wrote: both databases and their WAL, backups, exports, the secret
    // store (encrypted), sessions and login links. config.yaml is the test's own file.
    const files = filesUnder(h.dataDir).filter((f) => !f.endsWith('config.yaml'));
    assert.ok(files.some((f) => f.endsWith('requests.db')) && files.some((f) => f.includes('backups')), files.join('\n'));
    for (const file of files) assertNoCanary(readFileSync(file).toString('latin1'), file);
    // And the captured bodies did hold the prompt, redacted: the scan looked at real text.
    assert.ok(files.some((f) => readFileSync(f).toString('latin1').includes('please keep these safe')), 'the captured prompt is in the log');
  } finally {
    process.off('warning', onWarning);
    await h.mock.close();
    const { rm } = await import('node:fs/promises');
    await rm(h.dataDir, { recursive: true, force: true });
  }
});
