// startMockUpstream's options: a fixed port, a keyless local server, and acting as an Ollama
// with a given set of pulled models (its /v1 routes then answer as Ollama's do).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import OpenAI from 'openai';
import { startMockUpstream } from './index.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('port: listens where told, and a taken port rejects', async () => {
  const port = await freePort();
  const mock = await startMockUpstream({ port });
  try {
    assert.equal(mock.url, `http://127.0.0.1:${port}`);
    assert.equal((await fetch(`${mock.url}/api/version`)).status, 200);
    await assert.rejects(startMockUpstream({ port }), /EADDRINUSE/);
  } finally {
    await mock.close();
  }
});

test('requireKey false: every route answers without a key, as local servers do', async () => {
  const mock = await startMockUpstream({ requireKey: false });
  try {
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'local-model', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 200);
    const emb = await fetch(`${mock.url}/v1/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'm', input: 'x' }) });
    assert.equal(emb.status, 200);
    assert.equal(mock.requests[0]?.apiKey, '');
  } finally {
    await mock.close();
  }
  // The default still insists.
  const strict = await startMockUpstream();
  try {
    const res = await fetch(`${strict.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 401);
  } finally {
    await strict.close();
  }
});

test('ollamaModels: /api/tags and /v1/models list them; /v1 routes 404 other models as Ollama does', async () => {
  const mock = await startMockUpstream({ ollamaModels: ['gemma3:4b', 'nomic-embed-text:latest'], requireKey: false });
  try {
    const tags = (await (await fetch(`${mock.url}/api/tags`)).json()) as { models: Array<{ name: string }> };
    assert.deepEqual(tags.models.map((m) => m.name), ['gemma3:4b', 'nomic-embed-text:latest']);
    const client = new OpenAI({ apiKey: 'ollama', baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => [m.id, m.owned_by]), [
      ['gemma3:4b', 'library'],
      ['nomic-embed-text:latest', 'library'],
    ]);
    const reply = await client.chat.completions.create({ model: 'gemma3:4b', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(reply.choices[0]?.message.content, 'Hello! You said: hi');
    await assert.rejects(client.chat.completions.create({ model: 'llama9', messages: [{ role: 'user', content: 'hi' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.NotFoundError);
      assert.equal(err.message, "404 model 'llama9' not found");
      assert.equal(err.type, 'api_error');
      return true;
    });
    await assert.rejects(client.embeddings.create({ model: 'llama9', input: 'x' }), /model "llama9" not found, try pulling it first/);
    const embedded = await client.embeddings.create({ model: 'nomic-embed-text', input: 'x' });
    assert.equal(embedded.data.length, 1);
    // An embedding model cannot chat on the native API.
    const chat = await fetch(`${mock.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'nomic-embed-text', messages: [{ role: 'user', content: 'x' }] }) });
    assert.deepEqual(await chat.json(), { error: '"nomic-embed-text" does not support chat' });
  } finally {
    await mock.close();
  }
});
