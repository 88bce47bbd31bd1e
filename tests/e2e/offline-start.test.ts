/**
 * Offline: a provider that never answers (a network that swallows packets) must not hold up
 * the gateway. Its usage endpoint is polled at start and its model list is refreshed, both
 * against a socket that accepts and never replies; the gateway starts all the same, and a
 * local provider serves requests while those reads are still hanging.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { startHarness, UPSTREAMS } from './harness.js';

const LOCAL = UPSTREAMS['openai-chat'];

/** Accepts connections and never writes a byte: a read from here waits until it gives up. */
async function startBlackHole() {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => requests.push(chunk.toString('latin1').split('\r\n', 1)[0] ?? ''));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    open: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

test('a hanging quota poll and model refresh hold up neither the start nor local requests', { timeout: 60_000 }, async () => {
  const hole = await startBlackHole();
  const h = await startHarness();
  try {
    // A DeepSeek account (its balance endpoint is polled from start) behind the black hole.
    await appendFile(h.configPath, `  - provider: deepseek\n    label: far-away\n    apiKey: sk-far-away\n    baseUrl: ${hole.url}\n`);
    const restarted = h.restart();
    await restarted;
    await until(() => hole.requests.some((r) => r.startsWith('GET /user/balance')), 'the balance poll is sent');
    assert.ok(hole.open() > 0, 'the poll is still waiting for an answer');

    // The model-list refresh the dashboard offers, for the same unreachable provider, left running.
    let refreshSettled = false;
    const refresh = h.gateway.control.call('models.refresh', { provider: 'deepseek' }).finally(() => (refreshSettled = true));
    refresh.catch(() => {});
    await until(() => hole.requests.some((r) => r.startsWith('GET /models')), 'the model list is asked for');

    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: LOCAL.model, messages: [{ role: 'user', content: 'still here?' }] }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    assert.equal(body.choices[0]?.message.content, 'Hello! You said: still here?');
    // The dashboard's reads answer too.
    assert.ok((await h.gateway.control.call('providers.catalogue', {})).some((p) => p.id === 'deepseek'));
    assert.ok((await h.gateway.control.call('quota.status', {})).connections.some((c) => c.label === 'far-away'));
    assert.equal(refreshSettled, false, 'the refresh was still waiting all along');
    assert.ok(hole.open() > 0, 'and so was the poll');
  } finally {
    await hole.close();
    await h.close();
  }
});
