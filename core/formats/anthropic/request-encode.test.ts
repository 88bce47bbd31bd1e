import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AssistantPart, CanonicalRequest } from '../canonical.js';
import { encodeCountTokensRequest, encodeRequest } from './request-encode.js';

const ctx = { requestId: 'r1', now: 0, model: 'claude-up' };
const tool = { name: 'f', parameters: { type: 'object', properties: {} } };

function withLastTurn(...parts: AssistantPart[]): CanonicalRequest {
  return {
    model: 'c',
    system: [],
    tools: [tool],
    reasoning: { enabled: true, budgetTokens: 2000 },
    maxTokens: 8000,
    stream: false,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: parts },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 't1', name: 'f', content: [{ type: 'text', text: 'ok' }] }] },
    ],
  };
}

const call: AssistantPart = { type: 'tool_call', id: 't1', name: 'f', arguments: '{}' };

test('thinking stays on when the last tool turn opens with an Anthropic-signed or redacted block', () => {
  const signed = encodeRequest(withLastTurn({ type: 'thinking', text: 't', signature: 's', origin: 'anthropic' }, call), ctx);
  assert.deepEqual(signed.thinking, { type: 'enabled', budget_tokens: 2000 });
  const redacted = encodeRequest(withLastTurn({ type: 'redacted_thinking', data: 'd' }, call), ctx);
  assert.deepEqual(redacted.thinking, { type: 'enabled', budget_tokens: 2000 });
});

test('thinking goes off when the last tool turn has no block Anthropic would accept first', () => {
  for (const first of [
    { type: 'thinking', text: 't', signature: 's', origin: 'gemini' } as const,
    { type: 'thinking', text: 't', origin: 'anthropic' } as const,
    { type: 'text', text: 'calling' } as const,
  ]) {
    const body = encodeRequest(withLastTurn(first, call), ctx);
    assert.deepEqual(body.thinking, { type: 'disabled' }, JSON.stringify(first));
  }
});

test('an older unsigned tool turn does not turn thinking off once a plain answer followed', () => {
  const request = withLastTurn(call);
  request.messages.push(
    { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
    { role: 'user', content: [{ type: 'text', text: 'next' }] },
  );
  assert.deepEqual(encodeRequest(request, ctx).thinking, { type: 'enabled', budget_tokens: 2000 });
});

test('count_tokens bodies carry the prompt, tools and thinking but no generation options', () => {
  const request = withLastTurn({ type: 'thinking', text: 't', signature: 's', origin: 'anthropic' }, call);
  request.temperature = 0.5;
  request.stop = ['x'];
  request.stream = true;
  const body = encodeCountTokensRequest(request, ctx);
  assert.deepEqual(Object.keys(body).sort(), ['messages', 'model', 'thinking', 'tools']);
  assert.equal(body.model, 'claude-up');
});
