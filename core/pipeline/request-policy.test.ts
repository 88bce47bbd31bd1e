import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../formats/canonical.js';
import { applyRequestPolicy, policyIsActive } from './request-policy.js';
import { isBackgroundRequest } from './background-work.js';

const base: CanonicalRequest = {
  model: 'm',
  system: [{ type: 'text', text: 'Client system.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Fix the bug in parser.ts' }] }],
  stream: false,
};

test('the global system prompt goes first; the client request is not mutated', () => {
  const out = applyRequestPolicy(base, { systemPrompt: 'Company rules.' });
  assert.deepEqual(out.system.map((p) => p.text), ['Company rules.', 'Client system.']);
  assert.deepEqual(base.system.map((p) => p.text), ['Client system.']);
});

test('thinking modes', () => {
  assert.equal(applyRequestPolicy(base, { thinking: { mode: 'passthrough' } }).reasoning, undefined);
  assert.deepEqual(applyRequestPolicy(base, { thinking: { mode: 'auto' } }).reasoning, { enabled: true, effort: 'medium' });
  const off = { ...base, reasoning: { enabled: false } };
  assert.deepEqual(applyRequestPolicy(off, { thinking: { mode: 'auto' } }).reasoning, { enabled: false }, 'auto respects an explicit off');
  assert.deepEqual(applyRequestPolicy(off, { thinking: { mode: 'custom', budgetTokens: 4000 } }).reasoning, {
    enabled: true,
    budgetTokens: 4000,
    effort: 'medium',
  });
  assert.equal(applyRequestPolicy(base, { thinking: { mode: 'adaptive' } }).reasoning?.effort, 'low');
  const long = { ...base, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'x'.repeat(50_000) }] }] };
  assert.equal(applyRequestPolicy(long, { thinking: { mode: 'adaptive' } }).reasoning?.effort, 'high');
});

test('policyIsActive only when something would change', () => {
  assert.equal(policyIsActive({}), false);
  assert.equal(policyIsActive({ thinking: { mode: 'passthrough' } }), false);
  assert.equal(policyIsActive({ systemPrompt: 'x' }), true);
  assert.equal(policyIsActive({ thinking: { mode: 'adaptive' } }), true);
});

test('background work: titles and summaries without tools', () => {
  const title = { ...base, system: [{ type: 'text' as const, text: 'Generate a concise title for this conversation.' }], maxTokens: 50 };
  assert.equal(isBackgroundRequest(title), true);
  const summary = { ...base, system: [], messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Summarize the conversation so far.' }] }] };
  assert.equal(isBackgroundRequest(summary), true);
  assert.equal(isBackgroundRequest(base), false, 'real work');
  assert.equal(isBackgroundRequest({ ...title, tools: [{ name: 'edit', parameters: {} }] }), false, 'tools mean real work');
  assert.equal(isBackgroundRequest({ ...title, maxTokens: 8000 }), false, 'a large output budget means real work');
});
