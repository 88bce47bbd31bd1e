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

test('a system message after the tool results joins that user turn, after its tool_result blocks', () => {
  const request = withLastTurn(call);
  request.messages.push({ role: 'system', content: [{ type: 'text', text: 'Stay in plan mode.' }] });
  const warnings: string[] = [];
  const body = encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) });
  assert.equal(body.thinking, undefined);
  assert.equal(warnings.length, 1);
  const messages = body.messages as Array<{ role: string; content: Array<{ type: string; text?: string }> }>;
  assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
  assert.deepEqual(messages[2]?.content.map((b) => b.text ?? b.type), ['tool_result', '<system-reminder>\nStay in plan mode.\n</system-reminder>']);
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

test('mid-conversation system messages become system reminders in the next user turn, else the last one', () => {
  const text = (t: string) => ({ type: 'text' as const, text: t });
  const reminder = (t: string) => text(`<system-reminder>\n${t}\n</system-reminder>`);
  const request: CanonicalRequest = {
    model: 'c',
    system: [],
    stream: false,
    messages: [
      { role: 'system', content: [text('first')] },
      { role: 'user', content: [text('a')] },
      { role: 'system', content: [text('after a')] },
      { role: 'assistant', content: [text('b')] },
      { role: 'system', content: [text('moved'), { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }, text('too')] },
      { role: 'user', content: [text('c')] },
      { role: 'assistant', content: [text('d')] },
      { role: 'system', content: [text('stranded')] },
      { role: 'system', content: [text('   ')] },
    ],
  };
  const warnings: string[] = [];
  const body = encodeRequest(request, { ...ctx, warn: (m) => warnings.push(m) });
  assert.deepEqual(body.system, [text('first')]);
  assert.deepEqual(body.messages, [
    { role: 'user', content: [text('a')] },
    { role: 'assistant', content: [text('b')] },
    { role: 'user', content: [reminder('after a'), reminder('moved\n\ntoo'), text('c'), reminder('stranded')] },
    { role: 'assistant', content: [text('d')] },
  ]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /'image' part in a system message was dropped/);
});

test('a system message in a conversation with no user turn goes to the system prompt, with a warning', () => {
  const text = (t: string) => ({ type: 'text' as const, text: t });
  const warnings: string[] = [];
  const body = encodeRequest(
    { model: 'c', system: [text('base')], stream: false, messages: [{ role: 'assistant', content: [text('hi')] }, { role: 'system', content: [text('late')] }] },
    { ...ctx, warn: (m) => warnings.push(m) },
  );
  assert.deepEqual(body.system, [text('base'), text('late')]);
  assert.deepEqual(body.messages, [{ role: 'assistant', content: [text('hi')] }]);
  assert.match(warnings.join(), /without a user turn was moved into the system prompt/);
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
