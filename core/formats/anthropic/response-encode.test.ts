import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssistantPart, CanonicalRequest, CanonicalResponse } from '../canonical.js';
import { encodeResponse } from './response-encode.js';
import { unwrapSignature } from './signature-wrap.js';

function encode(content: AssistantPart[], reasoning?: CanonicalRequest['reasoning']): Array<Record<string, unknown>> {
  const request: CanonicalRequest = { model: 'm', system: [], messages: [], stream: false, ...(reasoning !== undefined ? { reasoning } : {}) };
  const response: CanonicalResponse = { id: 'x', model: 'up', created: 0, content, stopReason: 'tool_use', usage: { inputTokens: 1, outputTokens: 1 } };
  return encodeResponse(response, { requestId: 'r1', now: 0, model: 'client-model', request }).content as Array<Record<string, unknown>>;
}

const signedCall: AssistantPart = { type: 'tool_call', id: 'c1', name: 'f', arguments: '{}', signature: 'CiQBgem', origin: 'gemini' };
const thinkingOn = { enabled: true, includeThoughts: false };

test("a Gemini-signed call goes out after an empty thinking block holding its signature, when the client thinks", () => {
  const blocks = encode([{ type: 'text', text: 'Calling.' }, signedCall, { type: 'tool_call', id: 'c2', name: 'f', arguments: '{}' }], thinkingOn);
  assert.deepEqual(blocks.map((b) => b.type), ['text', 'thinking', 'tool_use', 'tool_use']);
  assert.equal(blocks[1]?.thinking, '');
  assert.deepEqual(unwrapSignature(blocks[1]?.signature as string), { signature: 'CiQBgem', origin: 'gemini' });
});

test("the call's block follows the step's own thinking, which keeps its own signature", () => {
  const blocks = encode([{ type: 'thinking', text: 'Plan.', origin: 'gemini' }, signedCall], { enabled: true, includeThoughts: true });
  assert.deepEqual(blocks.map((b) => [b.type, b.thinking]), [['thinking', 'Plan.'], ['thinking', ''], ['tool_use', undefined]]);
  assert.deepEqual(unwrapSignature(blocks[0]?.signature as string), { origin: 'gemini' });
  assert.deepEqual(unwrapSignature(blocks[1]?.signature as string), { signature: 'CiQBgem', origin: 'gemini' });
});

test('no thinking block for a client that did not enable thinking, nor for an unsigned call', () => {
  for (const reasoning of [undefined, { enabled: false }] as const) {
    assert.deepEqual(encode([signedCall], reasoning).map((b) => b.type), ['tool_use']);
  }
  assert.deepEqual(encode([{ type: 'tool_call', id: 'c1', name: 'f', arguments: '{}' }], thinkingOn).map((b) => b.type), ['tool_use']);
});
