// The mock's Anthropic Messages endpoint accepts what Claude Code 2.1.x sends and the real
// API accepts (mid-conversation system messages, adaptive thinking, beta fields behind the
// anthropic-beta header, server tools, `?beta=true`), and still rejects what the API rejects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;

before(async () => {
  mock = await startMockUpstream();
});
after(() => mock.close());

const BETA = 'claude-code-20250219,context-management-2025-06-27,interleaved-thinking-2025-05-14';

async function post(body: Record<string, unknown>, headers: Record<string, string> = { 'anthropic-beta': BETA }): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${mock.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function errorMessage(json: Record<string, unknown>): string {
  const error = json.error as { message?: string } | undefined;
  return error?.message ?? '';
}

const claudeCode = {
  model: 'claude-opus-4-8',
  max_tokens: 32000,
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
  thinking: { type: 'adaptive' },
  output_config: { effort: 'xhigh' },
  context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  metadata: { user_id: 'user_1' },
  tools: [
    { name: 'Read', description: 'Read a file', input_schema: { type: 'object', properties: {} }, defer_loading: true, eager_input_streaming: true },
    { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
    { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'hello there' },
        { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
      ],
    },
    { role: 'system', content: 'Answer briefly.' },
  ],
};

test('a Claude Code request on ?beta=true with the beta header is accepted', async () => {
  const res = await post(claudeCode);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  const content = res.json.content as Array<{ type: string; text?: string }>;
  assert.equal(content.find((b) => b.type === 'text')?.text, 'Hello! You said: hello there');
});

test('beta fields need the anthropic-beta header', async () => {
  const res = await post(claudeCode, {});
  assert.equal(res.status, 400);
  assert.match(errorMessage(res.json), /^context_management: Extra inputs are not permitted$/);
});

test('mid-conversation system messages: accepted after a user turn, rejected where the API rejects them', async () => {
  const user = { role: 'user', content: 'hi' };
  const assistant = { role: 'assistant', content: 'hello' };
  const system = { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] };
  const base = { model: 'c', max_tokens: 100 };
  for (const messages of [
    [user, system],
    [user, system, assistant, user],
    [user, assistant, user, system],
  ]) {
    const res = await post({ ...base, messages });
    assert.equal(res.status, 200, `${JSON.stringify(messages)}: ${JSON.stringify(res.json)}`);
  }
  const cases: Array<[unknown[], RegExp]> = [
    [[user, assistant, system, user], /^messages\.2: a `system` message must immediately follow a `user` message$/],
    [[user, system, system], /^messages\.2: consecutive `system` messages are not allowed$/],
    [[user, system, user], /^messages\.1: a `system` message must be followed by an `assistant` message or end the conversation$/],
    [[user, { role: 'system', content: [{ type: 'image', source: { type: 'url', url: 'u' } }] }], /^messages\.1\.content\.0\.type: Input should be 'text'$/],
    [[user, { role: 'tool', content: 'x' }], /^messages\.1\.role: Input should be 'user', 'assistant' or 'system'$/],
  ];
  for (const [messages, message] of cases) {
    const res = await post({ ...base, messages });
    assert.equal(res.status, 400, JSON.stringify(messages));
    assert.match(errorMessage(res.json), message);
  }
});

test('with thinking on, a final tool turn without a thinking block is rejected even when a system message ends the array', async () => {
  const messages = [
    { role: 'user', content: 'weather in Paris?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
    { role: 'system', content: 'Be brief.' },
  ];
  const tools = [{ name: 'Read', input_schema: { type: 'object' } }];
  const on = await post({ model: 'c', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools, messages });
  assert.equal(on.status, 400);
  assert.match(
    errorMessage(on.json),
    /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`\. When `thinking` is enabled, a final `assistant` message must start with a thinking block/,
  );
  const off = await post({ model: 'c', max_tokens: 4000, tools, messages });
  assert.equal(off.status, 200, JSON.stringify(off.json));
});
