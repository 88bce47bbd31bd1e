/**
 * The OpenAI service endpoints through a real gateway, called with the official `openai` SDK:
 * embeddings (float and base64, and carried to a Gemini account), images, audio transcription
 * (a multipart upload re-sent from disk on fallback) and speech, moderation, and rerank; with
 * fallback from a failing account, and usage, cost and the endpoint in the request log.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { createGateway, type Gateway } from '../../core/gateway.js';
import { createSecretStore } from '../../core/secrets/index.js';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/index.js';
import { mockEmbedding } from '../mock-upstream/embedding-vector.js';

let mock: MockUpstream;
let gateway: Gateway;
let dataDir: string;
let client: OpenAI;
let baseUrl: string;

function config(mockUrl: string): string {
  const account = (provider: string, label: string, apiKey: string, path: string, priority = 1) => [
    `  - provider: ${provider}`,
    `    label: ${label}`,
    `    apiKey: ${apiKey}`,
    `    baseUrl: ${mockUrl}${path}`,
    `    priority: ${priority}`,
  ];
  return [
    'connections:',
    ...account('openai', 'first', 'key-openai-1', '/v1', 1),
    ...account('openai', 'second', 'key-openai-2', '/v1', 2),
    ...account('gemini', 'main', 'key-gemini', '/v1beta'),
    ...account('together', 'main', 'key-together', '/v1'),
    ...account('anthropic', 'main', 'key-anthropic', '/v1'),
    'combos:',
    '  - name: embed-any',
    '    strategy: fill-first',
    '    members:',
    // An Anthropic account serves no embeddings: it is passed over, not called.
    '      - model: anthropic/claude-haiku-4-5',
    '      - model: openai/text-embedding-3-small',
    '      - model: gemini/gemini-embedding-001',
    '',
  ].join('\n');
}

before(async () => {
  mock = await startMockUpstream();
  dataDir = await mkdtemp(join(tmpdir(), 'omniroute-services-'));
  const configPath = join(dataDir, 'config.yaml');
  await writeFile(configPath, config(mock.url));
  gateway = await createGateway({ dataDir, port: 0, configPath, secrets: await createSecretStore({ dataDir, preferKeychain: false }) });
  baseUrl = (await gateway.start()).url;
  client = new OpenAI({ apiKey: 'unused', baseURL: `${baseUrl}/v1`, maxRetries: 0 });
});

after(async () => {
  await gateway.stop();
  await mock.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function logOf(requestId: string | null | undefined) {
  assert.ok(requestId, 'the gateway names its request id');
  const detail = await gateway.control.call('logs.get', { id: requestId });
  assert.ok(detail, `request ${requestId} is in the log`);
  return detail.entry;
}

test('embeddings: floats and the SDK default base64 decode to the mock vectors, usage and cost logged', async () => {
  const texts = ['hello world', 'the second text'];
  const floats = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: texts, encoding_format: 'float' }).withResponse();
  assert.equal(floats.data.model, 'openai/text-embedding-3-small', 'the client gets back the model it asked for');
  assert.deepEqual(floats.data.data.map((d) => d.embedding), texts.map((t) => mockEmbedding(t)));
  assert.equal(mock.requests.at(-1)!.model, 'text-embedding-3-small', 'the provider gets its own model id');
  // Without encoding_format the SDK asks for base64 and decodes it itself.
  const decoded = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: texts });
  assert.equal((mock.requests.at(-1)!.body as { encoding_format?: string }).encoding_format, 'base64');
  assert.deepEqual(decoded.data.map((d) => d.embedding), texts.map((t) => mockEmbedding(t)));

  const row = await logOf(floats.response.headers.get('x-request-id'));
  assert.equal(row.endpoint, 'embeddings');
  assert.equal(row.status, 200);
  assert.equal(row.providerId, 'openai');
  assert.ok(row.inputTokens! > 0, 'the provider reported prompt tokens');
  assert.equal(row.costUsd, (row.inputTokens! * 0.02) / 1e6);
});

test('embeddings on a Gemini account: one text via embedContent, a list via batchEmbedContents, same vectors', async () => {
  const one = await client.embeddings.create({ model: 'gemini/gemini-embedding-001', input: 'hello world', encoding_format: 'float' });
  assert.match(mock.requests.at(-1)!.path, /\/v1beta\/models\/gemini-embedding-001:embedContent$/);
  assert.deepEqual(one.data[0]!.embedding, mockEmbedding('hello world'));
  const many = await client.embeddings.create({ model: 'gemini/gemini-embedding-001', input: ['a b', 'c d e'] });
  assert.match(mock.requests.at(-1)!.path, /:batchEmbedContents$/);
  assert.deepEqual(many.data.map((d) => d.embedding), [mockEmbedding('a b'), mockEmbedding('c d e')]);
  assert.equal(many.model, 'gemini/gemini-embedding-001');
});

test('embeddings fall back: a failing account, then a combo member of another provider', async () => {
  mock.reset();
  mock.inject({ match: { apiKey: 'key-openai-1' }, fault: { kind: 'status', status: 500 } });
  const answered = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'fallback' }).withResponse();
  assert.deepEqual(answered.data.data[0]!.embedding, mockEmbedding('fallback'));
  assert.deepEqual(mock.requests.map((r) => r.apiKey), ['key-openai-1', 'key-openai-2']);
  const row = await logOf(answered.response.headers.get('x-request-id'));
  assert.equal(row.attempts, 2);
  assert.equal(row.fallbacks, 1);

  mock.reset();
  mock.inject({ match: { model: 'text-embedding-3-small' }, times: 2, fault: { kind: 'status', status: 503 } });
  const viaCombo = await client.embeddings.create({ model: 'embed-any', input: 'combo text', encoding_format: 'float' }).withResponse();
  assert.deepEqual(viaCombo.data.data[0]!.embedding, mockEmbedding('combo text'));
  assert.equal(viaCombo.data.model, 'embed-any');
  assert.deepEqual(mock.requests.map((r) => r.apiKey), ['key-openai-1', 'key-openai-2', 'key-gemini'], 'the Anthropic member was never called');
});

test('a provider without the endpoint is refused in OpenAI shape, naming why', async () => {
  const err = await client.embeddings.create({ model: 'anthropic/claude-haiku-4-5', input: 'x' }).catch((e: unknown) => e);
  assert.ok(err instanceof OpenAI.BadRequestError);
  assert.match(err.message, /Anthropic does not serve embeddings/);
  const missing = await client.embeddings.create({ model: '', input: 'x' }).catch((e: unknown) => e);
  assert.ok(missing instanceof OpenAI.BadRequestError);
});

test('images: generated, the image priced per image', async () => {
  const made = await client.images.generate({ model: 'openai/dall-e-3', prompt: 'a lighthouse', response_format: 'b64_json' }).withResponse();
  assert.equal(made.data.data?.length, 1);
  assert.ok(Buffer.from(made.data.data![0]!.b64_json!, 'base64').subarray(1, 4).toString() === 'PNG');
  const row = await logOf(made.response.headers.get('x-request-id'));
  assert.equal(row.endpoint, 'images');
  assert.equal(row.costUsd, 0.04);
});

test('transcription: a 3 MB upload reaches the account intact, and again on fallback, with no spooled file left', async () => {
  const audio = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < audio.length; i++) audio[i] = (i * 31 + 7) & 0xff;
  const sha = createHash('sha256').update(audio).digest('hex');
  mock.reset();
  mock.inject({ match: { apiKey: 'key-openai-1' }, fault: { kind: 'status', status: 429 } });
  const spoolBefore = (await readdir(tmpdir())).filter((n) => n.startsWith('omniroute-upload-')).length;
  const result = await client.audio.transcriptions
    .create({ model: 'openai/whisper-1', file: await toFile(audio, 'speech.wav', { type: 'audio/wav' }) })
    .withResponse();
  assert.equal(result.data.text, `Transcribed ${audio.length} bytes of speech.wav`);
  assert.deepEqual(mock.requests.map((r) => r.apiKey), ['key-openai-1', 'key-openai-2']);
  for (const r of mock.requests) {
    assert.equal(r.uploads?.[0]?.bytes, audio.length);
    assert.equal(r.uploads?.[0]?.sha256, sha, 'each attempt sent the same bytes');
    assert.equal((r.body as { model?: string }).model, 'whisper-1');
  }
  const row = await logOf(result.response.headers.get('x-request-id'));
  assert.equal(row.endpoint, 'transcriptions');
  assert.equal(row.fallbacks, 1);
  assert.ok(row.costUsd! > 0, 'whisper is priced by the minute');
  const spoolAfter = (await readdir(tmpdir())).filter((n) => n.startsWith('omniroute-upload-')).length;
  assert.equal(spoolAfter, spoolBefore, 'the spooled upload was removed');
});

test('transcription refusals: not multipart, and no file', async () => {
  const notMultipart = await fetch(`${baseUrl}/v1/audio/transcriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"openai/whisper-1"}' });
  assert.equal(notMultipart.status, 400);
  const form = new FormData();
  form.append('model', 'openai/whisper-1');
  const noFile = await fetch(`${baseUrl}/v1/audio/transcriptions`, { method: 'POST', body: form });
  assert.equal(noFile.status, 400, 'the provider refuses a form without a file, and the gateway passes it on');
  const body = (await noFile.json()) as { error?: { message?: string } };
  assert.ok(body.error?.message);
});

test('speech: audio bytes relayed with their type, priced by characters', async () => {
  const input = 'Hello from the gateway.';
  const spoken = await client.audio.speech.create({ model: 'openai/tts-1', voice: 'alloy', input }).withResponse();
  assert.equal(spoken.response.headers.get('content-type'), 'audio/mpeg');
  const bytes = Buffer.from(await spoken.data.arrayBuffer());
  assert.ok(bytes.length > input.length);
  const row = await logOf(spoken.response.headers.get('x-request-id'));
  assert.equal(row.endpoint, 'speech');
  assert.equal(row.costUsd, (input.length / 1e6) * 15);
});

test('moderation: the default model when none is named', async () => {
  const flagged = await client.moderations.create({ input: 'I will kill this process' });
  assert.equal(flagged.results[0]!.flagged, true);
  assert.equal(mock.requests.at(-1)!.model, 'omni-moderation-latest');
  const clean = await client.moderations.create({ model: 'openai/omni-moderation-latest', input: 'a kind word' });
  assert.equal(clean.results[0]!.flagged, false);
});

test('rerank: documents ordered by the account, through /v1/rerank', async () => {
  const response = await fetch(`${baseUrl}/v1/rerank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'together/Salesforce/Llama-Rank-V1', query: 'red apple', documents: ['a blue car', 'a red apple pie', 'red'], top_n: 2 }),
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { results: Array<{ index: number }>; model?: string };
  assert.deepEqual(body.results.map((r) => r.index), [1, 2]);
  assert.equal(mock.requests.at(-1)!.model, 'Salesforce/Llama-Rank-V1');
  const row = await logOf(response.headers.get('x-request-id'));
  assert.equal(row.endpoint, 'rerank');
});

test('testing an account of an embeddings-only provider sends one small embedding', async () => {
  const created = await gateway.control.call('connections.create', { provider: 'jina', label: 'main', apiKey: 'key-jina', baseUrl: `${mock.url}/v1` });
  const tested = await gateway.control.call('connections.test', { id: created.id });
  assert.equal(tested.ok, true, tested.message ?? '');
  const sent = mock.requests.at(-1)!;
  assert.equal(sent.path, '/v1/embeddings');
  assert.equal(sent.apiKey, 'key-jina');
  assert.equal(tested.model, sent.model);
  // Jina has no model list: nothing offers to read one, and asking is refused with the reason.
  const entry = (await gateway.control.call('providers.catalogue', {})).find((p) => p.id === 'jina');
  assert.equal(entry?.canRefreshModels, false);
  const refused = await gateway.control.call('models.refresh', { provider: 'jina' }).catch((e: unknown) => e);
  assert.ok(refused instanceof Error && /has no model list to read/.test(refused.message));
});
