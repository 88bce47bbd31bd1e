/** Every client request leaves one row in the request log, written off the hot path. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startHarness, UPSTREAMS } from './harness.js';

test('a translated request and a failed one are logged with route, status, timing and usage', async () => {
  const h = await startHarness();
  try {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
    const ok = await client.chat.completions.create({ model: UPSTREAMS.anthropic.model, messages: [{ role: 'user', content: 'log me' }] }).withResponse();
    const requestId = ok.response.headers.get('x-request-id');
    assert.equal(ok.response.headers.get('x-omniroute-provider'), 'up-anth');
    await client.chat.completions.create({ model: 'nobody/none', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await h.gateway.store.requestLog.flush();
    const rows = await h.gateway.store.requestLogs.recent(10);
    const row = rows.find((r) => r.id === requestId);
    assert.ok(row, 'the successful request is in the log');
    assert.equal(row.clientFormat, 'openai-chat');
    assert.equal(row.requestedModel, UPSTREAMS.anthropic.model);
    assert.equal(row.providerId, 'up-anth');
    assert.equal(row.upstreamFormat, 'anthropic');
    assert.equal(row.upstreamModel, UPSTREAMS.anthropic.upstreamModel);
    assert.equal(row.status, 200);
    assert.equal(row.attempts, 1);
    assert.equal(row.fallbacks, 0);
    assert.ok(row.latencyMs >= 0);
    const reported = h.mock.requests.at(-1)!.usage!;
    assert.equal(row.inputTokens, reported.input);
    assert.equal(row.outputTokens, reported.output);
    assert.equal(row.cachedTokens, reported.cached);
    const failed = rows.find((r) => r.requestedModel === 'nobody/none');
    assert.ok(failed);
    assert.equal(failed.status, 404);
    assert.equal(failed.errorCode, 'not_found');
  } finally {
    await h.close();
  }
});

test('server.requestLog: false writes no rows', async () => {
  const h = await startHarness({ extraConfig: 'server:\n  requestLog: false\n' });
  try {
    const client = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'quiet' }] });
    await h.gateway.store.requestLog.flush();
    assert.deepEqual(await h.gateway.store.requestLogs.recent(10), []);
  } finally {
    await h.close();
  }
});
