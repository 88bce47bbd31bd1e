/**
 * The client gets back the model name it asked for (a combo, an alias, `provider/model`) in
 * the body and in every stream event that names a model, in pass-through and translated
 * alike; the upstream's own id is in x-omniroute-model and the request log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { SseParser } from '../../core/sse/parser.js';
import { anthropicDriver } from './clients/anthropic.js';
import { TOOL_RESULT } from './clients/types.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { HARNESS_FORMATS, type HarnessFormat } from './harness.js';

/** A combo with one member per upstream format, and an alias per upstream format. */
const combo = (f: HarnessFormat) => `combo-${f}`;
const alias = (f: HarnessFormat) => `alias-${f}`;

const EXTRA_CONFIG = [
  'combos:',
  ...HARNESS_FORMATS.flatMap((f) => [`  - name: ${combo(f)}`, '    members:', `      - model: ${UPSTREAMS[f].model}`]),
  'aliases:',
  ...HARNESS_FORMATS.map((f) => `  ${alias(f)}: ${UPSTREAMS[f].model}`),
  '',
].join('\n');

let h: Harness;
before(async () => {
  h = await startHarness({ extraConfig: EXTRA_CONFIG });
});
after(() => h.close());

/** A plain request in a client format, as its SDK would send it. */
function send(format: HarnessFormat, model: string, stream: boolean): Promise<Response> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  switch (format) {
    case 'openai-chat':
      return post('/v1/chat/completions', {
        model,
        stream,
        messages: [{ role: 'user', content: 'hello echo' }],
        ...(stream ? { stream_options: { include_usage: true } } : {}),
      });
    case 'openai-responses':
      return post('/v1/responses', { model, stream, input: 'hello echo', store: false });
    case 'anthropic':
      return post('/v1/messages', { model, stream, max_tokens: 64, messages: [{ role: 'user', content: 'hello echo' }] }, { 'anthropic-version': '2023-06-01' });
    case 'gemini':
      return post(
        `/v1beta/models/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
        { contents: [{ role: 'user', parts: [{ text: 'hello echo' }] }] },
      );
  }
}

/** Every model name a client-format JSON document carries, wherever that format puts one. */
function modelFields(format: HarnessFormat, doc: Record<string, unknown>): unknown[] {
  const nested = (key: string) => {
    const inner = doc[key];
    return typeof inner === 'object' && inner !== null && 'model' in inner ? [(inner as { model: unknown }).model] : [];
  };
  switch (format) {
    case 'openai-chat':
      return 'model' in doc ? [doc.model] : [];
    case 'openai-responses':
      return [...('model' in doc ? [doc.model] : []), ...nested('response')];
    case 'anthropic':
      return [...('model' in doc ? [doc.model] : []), ...nested('message')];
    case 'gemini':
      return 'modelVersion' in doc ? [doc.modelVersion] : [];
  }
}

/** The events that must name the model in each format's stream. */
function mustNameModel(format: HarnessFormat, event: Record<string, unknown>): boolean {
  const type = event.type;
  switch (format) {
    case 'openai-chat':
      return 'choices' in event;
    case 'openai-responses':
      return typeof type === 'string' && ['response.created', 'response.in_progress', 'response.completed', 'response.incomplete', 'response.failed'].includes(type);
    case 'anthropic':
      return type === 'message_start';
    case 'gemini':
      return true;
  }
}

async function assertEcho(clientFormat: HarnessFormat, upstream: HarnessFormat, requested: string, stream: boolean): Promise<void> {
  const res = await send(clientFormat, requested, stream);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.equal(res.headers.get('x-omniroute-model'), UPSTREAMS[upstream].upstreamModel);
  assert.ok(!text.includes(JSON.stringify(UPSTREAMS[upstream].upstreamModel)), `the upstream id leaked into the answer: ${text}`);
  if (!stream) {
    assert.deepEqual(modelFields(clientFormat, JSON.parse(text) as Record<string, unknown>), [requested]);
    return;
  }
  const parser = new SseParser();
  const events = [...parser.push(text), ...parser.end()].filter((m) => m.data !== '[DONE]').map((m) => JSON.parse(m.data) as Record<string, unknown>);
  let named = 0;
  for (const event of events) {
    const fields = modelFields(clientFormat, event);
    for (const field of fields) assert.equal(field, requested, JSON.stringify(event));
    if (mustNameModel(clientFormat, event)) assert.equal(fields.length, 1, `no model in ${JSON.stringify(event)}`);
    named += fields.length;
  }
  assert.ok(named >= 1, 'the stream named a model');
}

describe('pass-through answers carry the requested name', () => {
  for (const format of HARNESS_FORMATS) {
    for (const stream of [false, true]) {
      const kind = stream ? 'streamed' : 'non-streamed';
      test(`${format}, ${kind}, by combo`, () => assertEcho(format, format, combo(format), stream));
      test(`${format}, ${kind}, by alias`, () => assertEcho(format, format, alias(format), stream));
      test(`${format}, ${kind}, by provider/model`, () => assertEcho(format, format, UPSTREAMS[format].model, stream));
    }
  }
});

describe('translated answers carry the requested name', () => {
  const pairs: Array<[HarnessFormat, HarnessFormat]> = [
    ['anthropic', 'openai-chat'],
    ['openai-chat', 'gemini'],
    ['openai-responses', 'anthropic'],
    ['gemini', 'openai-responses'],
  ];
  for (const [client, upstream] of pairs) {
    for (const stream of [false, true]) {
      test(`${client} client -> ${upstream} upstream, ${stream ? 'streamed' : 'non-streamed'}`, () => assertEcho(client, upstream, combo(upstream), stream));
    }
  }
});

test('asked by the upstream id itself, the answer names that id', async () => {
  const res = await send('anthropic', UPSTREAMS.anthropic.upstreamModel, false);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { model: string }).model, UPSTREAMS.anthropic.upstreamModel);
});

test('the request log keeps both names', async () => {
  const res = await send('openai-chat', alias('openai-chat'), true);
  await res.text();
  const id = res.headers.get('x-request-id');
  await h.gateway.store.requestLog.flush();
  const row = (await h.gateway.store.requestLogs.recent(50)).find((r) => r.id === id);
  assert.ok(row, 'the request is in the log');
  assert.equal(row.requestedModel, alias('openai-chat'));
  assert.equal(row.upstreamModel, UPSTREAMS['openai-chat'].upstreamModel);
});

describe('official SDKs see the requested name', () => {
  test('Anthropic SDK: create, stream, and a thinking tool loop through a combo', async () => {
    const client = new Anthropic({ apiKey: 'gateway-key', baseURL: h.url, maxRetries: 0 });
    const body = { model: combo('anthropic'), max_tokens: 64, messages: [{ role: 'user' as const, content: 'hi' }] };
    assert.equal((await client.messages.create(body)).model, combo('anthropic'));
    assert.equal((await client.messages.stream(body).finalMessage()).model, combo('anthropic'));
    const loop = await anthropicDriver(h.url).thinkingToolRoundTrip(combo('anthropic'));
    assert.ok(loop.signature.length > 0);
    assert.match(loop.finalText, new RegExp(`^Tool said: .*${TOOL_RESULT}`));
  });

  test('OpenAI SDK: chat completions and responses, whole and streamed', async () => {
    const client = new OpenAI({ apiKey: 'gateway-key', baseURL: `${h.url}/v1`, maxRetries: 0 });
    const chat = { model: alias('openai-chat'), messages: [{ role: 'user' as const, content: 'hi' }] };
    assert.equal((await client.chat.completions.create(chat)).model, alias('openai-chat'));
    const chunks = await client.chat.completions.create({ ...chat, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of chunks) assert.equal(chunk.model, alias('openai-chat'));
    const resp = { model: combo('openai-responses'), input: 'hi', store: false };
    assert.equal((await client.responses.create(resp)).model, combo('openai-responses'));
    assert.equal((await client.responses.stream(resp).finalResponse()).model, combo('openai-responses'));
  });

  test('Google Gen AI SDK: generateContent and its stream', async () => {
    const ai = new GoogleGenAI({ apiKey: 'gateway-key', httpOptions: { baseUrl: h.url } });
    const model = alias('gemini');
    assert.equal((await ai.models.generateContent({ model, contents: 'hi' })).modelVersion, model);
    let chunks = 0;
    for await (const chunk of await ai.models.generateContentStream({ model, contents: 'hi' })) {
      assert.equal(chunk.modelVersion, model);
      chunks++;
    }
    assert.ok(chunks >= 1);
  });
});
