/**
 * Claude Code 2.1.x speaks a Messages API richer than the one the SDK types describe:
 * `role: "system"` messages inside `messages`, adaptive thinking, context_management,
 * output_config, Anthropic server tools and content blocks such as search_result, on
 * `POST /v1/messages?beta=true` with `anthropic-beta` headers. Every upstream must answer
 * such a request: the Anthropic one gets it as sent, the others get what translation can
 * carry, and the client is told in `x-omniroute-warnings` what was dropped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { type HarnessFormat } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const INSTRUCTION = 'Answer in French from now on.';

function claudeCodeRequest(model: string): Record<string, unknown> {
  return {
    model,
    max_tokens: 32000,
    stream: false,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: 'Use the tools.', cache_control: { type: 'ephemeral' } },
    ],
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    metadata: { user_id: 'user_abc_account_def_session_ghi' },
    tools: [
      {
        name: 'Read',
        description: 'Reads a file from the local filesystem.',
        input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
        defer_loading: false,
      },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 8 },
    ],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello there' },
          { type: 'search_result', source: 'https://example.com/a', title: 'A', content: [{ type: 'text', text: 'result text' }] },
        ],
      },
      { role: 'system', content: INSTRUCTION },
      { role: 'assistant', content: [{ type: 'text', text: 'Bonjour !' }] },
      { role: 'user', content: [{ type: 'text', text: 'what changed' }] },
    ],
  };
}

async function postMessages(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${h.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'gateway-key',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'claude-code-20250219,context-management-2025-06-27,interleaved-thinking-2025-05-14',
      'user-agent': 'claude-cli/2.1.332 (external, cli)',
    },
    body: JSON.stringify(body),
  });
}

for (const format of Object.keys(UPSTREAMS) as HarnessFormat[]) {
  test(`a Claude Code request reaches the ${format} upstream and is answered`, async () => {
    const upstream = UPSTREAMS[format];
    const res = await postMessages(claudeCodeRequest(upstream.model));
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const body = JSON.parse(text) as { type: string; model: string; content: Array<{ type: string; text?: string }> };
    assert.equal(body.type, 'message');
    assert.equal(body.model, upstream.model);
    assert.match(body.content.map((b) => b.text ?? '').join(''), /what changed/);

    const sent = lastUpstreamRequest(h.mock, upstream.apiKey);
    assert.equal(sent.status, 200);
    assert.ok(JSON.stringify(sent.body).includes(INSTRUCTION), `the ${format} upstream was not given the system message: ${JSON.stringify(sent.body)}`);

    const warnings = res.headers.get('x-omniroute-warnings');
    if (format === 'anthropic') {
      // Same format: passed through as sent, nothing dropped.
      assert.equal(warnings, null);
      assert.deepEqual((sent.body as { messages: unknown }).messages, claudeCodeRequest(upstream.model).messages);
    } else {
      assert.ok(warnings !== null, 'translation dropped blocks but sent no x-omniroute-warnings');
      assert.match(warnings, /messages\[0\]\.content\[1\]: block type 'search_result'/);
      assert.match(warnings, /context_management/);
    }
  });
}

test('a translated tool loop whose thinking Anthropic cannot verify goes to Anthropic without thinking, with a warning', async () => {
  const upstream = UPSTREAMS.anthropic;
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gateway-key' },
    body: JSON.stringify({
      model: upstream.model,
      reasoning_effort: 'high',
      max_completion_tokens: 4000,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.match(text, /Tool said: sunny/);
  assert.match(res.headers.get('x-omniroute-warnings') ?? '', /thinking was turned off/);
  const sent = lastUpstreamRequest(h.mock, upstream.apiKey).body as Record<string, unknown>;
  assert.equal(sent.thinking, undefined);
});

/** Chat Completions to the Anthropic upstream: what the mock was sent, and the warnings. */
async function chatToAnthropic(messages: unknown[], extra: Record<string, unknown> = {}): Promise<{ text: string; warnings: string | null; sent: Record<string, unknown> }> {
  const upstream = UPSTREAMS.anthropic;
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gateway-key' },
    body: JSON.stringify({ model: upstream.model, max_tokens: 256, messages, ...extra }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return { text, warnings: res.headers.get('x-omniroute-warnings'), sent: lastUpstreamRequest(h.mock, upstream.apiKey).body as Record<string, unknown> };
}

const REMINDER = `<system-reminder>\n${INSTRUCTION}\n</system-reminder>`;

test('a translated mid-conversation system message reaches Anthropic as a system reminder in the next user turn', async () => {
  const { text, warnings, sent } = await chatToAnthropic([
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'hello there' },
    { role: 'assistant', content: 'Bonjour !' },
    { role: 'system', content: INSTRUCTION },
    { role: 'user', content: 'what changed' },
  ]);
  assert.match(text, /what changed/);
  assert.equal(warnings, null);
  assert.deepEqual(sent.system, [{ type: 'text', text: 'You are terse.' }]);
  assert.deepEqual(sent.messages, [
    { role: 'user', content: [{ type: 'text', text: 'hello there' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'Bonjour !' }] },
    { role: 'user', content: [{ type: 'text', text: REMINDER }, { type: 'text', text: 'what changed' }] },
  ]);
});

test('a translated system message after tool results joins their user turn behind the tool_result blocks', async () => {
  const { text, sent } = await chatToAnthropic(
    [
      { role: 'user', content: 'weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'system', content: INSTRUCTION },
    ],
    { tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }] },
  );
  assert.match(text, /Tool said: sunny/);
  const messages = sent.messages as Array<{ role: string; content: Array<{ type: string; text?: string }> }>;
  assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user']);
  assert.deepEqual(messages[2]?.content.map((b) => b.text ?? b.type), ['tool_result', REMINDER]);
});
