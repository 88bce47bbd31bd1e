/**
 * Gateway-wide request rules applied through the canonical model, so they reach every
 * upstream whatever the client speaks: system prompt injection, the thinking budget, and
 * background work sent to a cheaper model.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness({
    extraConfig:
      'routing:\n' +
      '  systemPrompt: "Follow the house style."\n' +
      '  thinking: { mode: custom, budgetTokens: 3000 }\n' +
      `  backgroundModel: ${UPSTREAMS.gemini.model}\n`,
  });
});
after(() => h.close());

test('the system prompt reaches an upstream of the same format (no pass-through bypass) and of another', async () => {
  const anthropic = new Anthropic({ apiKey: 'k', baseURL: h.url, maxRetries: 0 });
  await anthropic.messages.create({ model: UPSTREAMS.anthropic.model, max_tokens: 4000, system: 'Client rules.', messages: [{ role: 'user', content: 'hi' }] });
  const same = lastUpstreamRequest(h.mock, UPSTREAMS.anthropic.apiKey).body as { system: Array<{ text: string }>; thinking: unknown };
  assert.deepEqual(same.system.map((b) => b.text), ['Follow the house style.', 'Client rules.']);
  assert.deepEqual(same.thinking, { type: 'enabled', budget_tokens: 3000 });

  const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  await openai.chat.completions.create({ model: UPSTREAMS['openai-responses'].model, messages: [{ role: 'user', content: 'hi' }] });
  const cross = lastUpstreamRequest(h.mock, UPSTREAMS['openai-responses'].apiKey).body as { instructions: string; reasoning: { effort: string } };
  assert.match(cross.instructions, /^Follow the house style\./);
  assert.equal(cross.reasoning.effort, 'medium', 'custom budget 3000 is medium effort for an effort-only API');
});

test('a title request goes to the background model; real work does not', async () => {
  const openai = new OpenAI({ apiKey: 'k', baseURL: `${h.url}/v1`, maxRetries: 0 });
  const title = await openai.chat.completions
    .create({ model: UPSTREAMS['openai-chat'].model, max_tokens: 30, messages: [{ role: 'system', content: 'Write a short title for this chat.' }, { role: 'user', content: 'fixing the parser' }] })
    .withResponse();
  assert.equal(title.response.headers.get('x-omniroute-provider'), 'up-gem');
  const work = await openai.chat.completions.create({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'fix the parser' }] }).withResponse();
  assert.equal(work.response.headers.get('x-omniroute-provider'), 'up-chat');
});
