/**
 * A Gemini client behind a non-Gemini upstream: what the encoders give it, echoed back the
 * way @google/genai (whole model content) and Gemini CLI (thought parts dropped from its
 * history) echo it, must decode to the upstream's own signatures again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssistantPart, CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';
import { encodeResponse } from './response-encode.js';
import { createStreamEncoder } from './stream-encode.js';
import { PLACEHOLDER_THOUGHT_SIGNATURE } from './thought-signature.js';

type Part = Record<string, unknown>;

const ctx = { requestId: 'cs1', now: 1_700_000_000_000 };
const THOUGHT = 'The user wants the weather.';
const request = (includeThoughts: boolean): CanonicalRequest => ({
  model: 'm',
  system: [],
  messages: [],
  stream: false,
  reasoning: { enabled: true, includeThoughts },
});

function response(content: AssistantPart[]): CanonicalResponse {
  return { id: 'r', model: 'claude', created: 1, content, stopReason: 'tool_use', usage: { inputTokens: 1, outputTokens: 1 } };
}

function modelParts(body: unknown): Part[] {
  const parsed = body as { candidates: Array<{ content?: { parts: Part[] } }> };
  return parsed.candidates[0]?.content?.parts ?? [];
}

/** The next request as the client builds it: its prompt, the model turn it kept, the function result. */
function echo(parts: Part[]): unknown {
  const call = parts.find((p) => p.functionCall !== undefined)?.functionCall as { id: string; name: string };
  return {
    contents: [
      { role: 'user', parts: [{ text: 'Weather?' }] },
      { role: 'model', parts },
      { role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: '18C' } } }] },
    ],
  };
}

function decodedModelTurn(body: unknown): unknown {
  const decoded = decodeRequest(body, { ...ctx, pathModel: 'm' });
  assert.ok(decoded.ok, JSON.stringify(decoded));
  return decoded.value.messages[1]?.content;
}

const anthropicTurn: AssistantPart[] = [
  { type: 'thinking', text: THOUGHT, signature: 'EqQBsig', origin: 'anthropic' },
  { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
];

test("Anthropic thinking comes back with its signature, whether or not the client kept the thought part", () => {
  for (const includeThoughts of [true, false]) {
    const parts = modelParts(encodeResponse(response(anthropicTurn), { ...ctx, model: 'm', request: request(includeThoughts) }));
    const call = parts.find((p) => p.functionCall !== undefined);
    assert.equal(typeof call?.thoughtSignature, 'string', 'the functionCall part carries a thoughtSignature');
    // @google/genai keeps the whole model content.
    assert.deepEqual(decodedModelTurn(echo(parts)), anthropicTurn, `whole content, includeThoughts ${includeThoughts}`);
    // Gemini CLI drops thought parts from its history.
    assert.deepEqual(decodedModelTurn(echo(parts.filter((p) => p.thought !== true))), anthropicTurn, `no thoughts, includeThoughts ${includeThoughts}`);
  }
});

test('streamed: the thought run, its wrapped signature and the call decode back to the same turn', () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'msg', model: 'claude', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'anthropic' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'The user wants ' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'the weather.' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'EqQBsig', origin: 'anthropic' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'tool_call', id: 'toolu_1', name: 'get_weather' } },
    { type: 'delta', index: 1, delta: { type: 'arguments', json: '{"city":"Paris"}' } },
    { type: 'part_end', index: 1 },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ];
  for (const includeThoughts of [true, false]) {
    const encoder = createStreamEncoder({ ...ctx, model: 'm', request: { ...request(includeThoughts), stream: true } });
    const sse = events.map((e) => encoder.push(e)).join('');
    // The SDK driver and Gemini CLI both keep every streamed part (CLI minus thoughts).
    const parts = new SseParser().push(sse).flatMap((m) => modelParts(JSON.parse(m.data)));
    assert.deepEqual(decodedModelTurn(echo(parts)), anthropicTurn, `includeThoughts ${includeThoughts}`);
    assert.deepEqual(decodedModelTurn(echo(parts.filter((p) => p.thought !== true))), anthropicTurn);
  }
});

test('Responses encrypted reasoning with no summary text still rides the call back', () => {
  const turn: AssistantPart[] = [
    { type: 'thinking', text: '', signature: 'gAAAAenc', origin: 'openai-responses' },
    { type: 'tool_call', id: 'fc_1', name: 'get_weather', arguments: '{}' },
  ];
  const parts = modelParts(encodeResponse(response(turn), { ...ctx, model: 'm', request: request(true) }));
  assert.deepEqual(decodedModelTurn(echo(parts)), turn);
  assert.deepEqual(decodedModelTurn(echo(parts.filter((p) => p.thought !== true))), turn);
});

test('a call nobody signed gets a value that reads back as no signature, and a Gemini upstream then gets the placeholder', () => {
  const turn: AssistantPart[] = [
    { type: 'text', text: 'Checking.' },
    { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    { type: 'tool_call', id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
  ];
  const parts = modelParts(encodeResponse(response(turn), { ...ctx, model: 'm', request: request(false) }));
  assert.equal(typeof parts[1]?.thoughtSignature, 'string', 'the first call is signed');
  assert.equal(parts[2]?.thoughtSignature, undefined, 'only the first call of a response is, as Gemini does');
  const body = {
    contents: [
      { role: 'user', parts: [{ text: 'Weather?' }] },
      { role: 'model', parts },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_1', name: 'get_weather', response: { output: '18C' } } },
          { functionResponse: { id: 'call_2', name: 'get_weather', response: { output: '24C' } } },
        ],
      },
    ],
  };
  assert.deepEqual(decodedModelTurn(body), turn);
  const decoded = decodeRequest(body, { ...ctx, pathModel: 'm' });
  assert.ok(decoded.ok);
  const upstream = encodeRequest(decoded.value, { ...ctx, model: 'gemini-3-pro-preview' }) as { contents: Array<{ parts: Part[] }> };
  assert.deepEqual(
    upstream.contents[1]?.parts.map((p) => p.thoughtSignature),
    [undefined, PLACEHOLDER_THOUGHT_SIGNATURE, undefined],
  );
});

test("Gemini's own signatures go to a Gemini client untouched and come back as Gemini's", () => {
  const turn: AssistantPart[] = [
    { type: 'thinking', text: 'Hmm.', signature: 'CiQBthought', origin: 'gemini' },
    { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{}', signature: 'CiQBcall', origin: 'gemini' },
  ];
  const parts = modelParts(encodeResponse(response(turn), { ...ctx, model: 'm', request: request(true) }));
  assert.deepEqual(parts.map((p) => p.thoughtSignature), ['CiQBthought', 'CiQBcall']);
  assert.deepEqual(decodedModelTurn(echo(parts)), turn);
});
