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

test('thinking is left out, with a warning, when the final tool turn has no block Anthropic would accept first', () => {
  for (const first of [
    { type: 'thinking', text: 't', signature: 's', origin: 'gemini' } as const,
    { type: 'thinking', text: 't', origin: 'anthropic' } as const,
    { type: 'text', text: 'calling' } as const,
  ]) {
    const warnings: string[] = [];
    const body = encodeRequest(withLastTurn(first, call), { ...ctx, warn: (m) => warnings.push(m) });
    assert.equal(body.thinking, undefined, JSON.stringify(first));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^thinking was turned off: /);
  }
});

test('system messages are not turns: one after the tool results still leaves the final tool turn in force', () => {
  const request = withLastTurn(call);
  request.messages.push({ role: 'system', content: [{ type: 'text', text: 'Stay in plan mode.' }] });
  const warnings: string[] = [];
  const body = encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) });
  assert.equal(body.thinking, undefined);
  assert.equal(warnings.length, 1);
  const messages = body.messages as Array<{ role: string }>;
  assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'system']);
  // With a signed thinking block first, the same history keeps thinking on.
  const signed = withLastTurn({ type: 'thinking', text: 't', signature: 's', origin: 'anthropic' }, call);
  signed.messages.push({ role: 'system', content: [{ type: 'text', text: 'Stay in plan mode.' }] });
  assert.deepEqual(encodeRequest(signed, ctx).thinking, { type: 'enabled', budget_tokens: 2000 });
});

test('a forced tool choice turns thinking off with a warning', () => {
  const request = withLastTurn({ type: 'thinking', text: 't', signature: 's', origin: 'anthropic' }, call);
  request.toolChoice = { type: 'required' };
  const warnings: string[] = [];
  assert.deepEqual(encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) }).thinking, { type: 'disabled' });
  assert.match(warnings.join(), /forced tool choice/);
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

test('system messages stand right after a user turn; others move, with a warning when they cross an assistant turn', () => {
  const text = (t: string) => ({ type: 'text' as const, text: t });
  const request: CanonicalRequest = {
    model: 'c',
    system: [],
    stream: false,
    messages: [
      { role: 'user', content: [text('a')] },
      { role: 'assistant', content: [text('b')] },
      { role: 'system', content: [text('moved'), { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }] },
      { role: 'user', content: [text('c')] },
      { role: 'assistant', content: [text('d')] },
      { role: 'system', content: [text('stranded')] },
    ],
  };
  const warnings: string[] = [];
  const body = encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) });
  assert.deepEqual(body.messages, [
    { role: 'user', content: [text('a')] },
    { role: 'assistant', content: [text('b')] },
    { role: 'user', content: [text('c')] },
    { role: 'system', content: [text('moved')] },
    { role: 'assistant', content: [text('d')] },
  ]);
  assert.deepEqual(body.system, [text('stranded')]);
  assert.equal(warnings.length, 3);
  assert.match(warnings[0] ?? '', /'image' part in a system message was dropped/);
  assert.match(warnings[1] ?? '', /moved after the next user turn/);
  assert.match(warnings[2] ?? '', /moved into the system prompt/);
});

test('web search becomes Anthropic\'s web_search tool; both domain lists cannot go together', () => {
  const request: CanonicalRequest = {
    model: 'c',
    system: [],
    stream: false,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'news' }] }],
    webSearch: { maxUses: 2, allowedDomains: ['a.example'], blockedDomains: ['b.example'] },
  };
  const warnings: string[] = [];
  const body = encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) });
  assert.deepEqual(body.tools, [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2, allowed_domains: ['a.example'] }]);
  assert.equal(body.tool_choice, undefined);
  assert.match(warnings.join(), /blocked_domains were dropped/);
});

test('options Anthropic has no field for are reported', () => {
  const warnings: string[] = [];
  const request: CanonicalRequest = {
    model: 'c',
    system: [],
    stream: false,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
    seed: 7,
    frequencyPenalty: 0.5,
    presencePenalty: 0,
  };
  const body = encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) });
  assert.equal(body.seed, undefined);
  assert.equal(warnings.length, 2);
});
