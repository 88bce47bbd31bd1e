import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCountTokensRequest, decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';

const ctx = { requestId: 'r1', now: 0 };

test('count_tokens bodies decode without max_tokens; messages bodies need it', () => {
  const body = { model: 'claude-x', messages: [{ role: 'user', content: 'Hi' }], system: 'Be brief.' };
  const counted = decodeCountTokensRequest(body, ctx);
  assert.ok(counted.ok);
  assert.equal(counted.value.maxTokens, undefined);
  assert.deepEqual(counted.value.system, [{ type: 'text', text: 'Be brief.' }]);
  assert.deepEqual(decodeRequest(body, ctx), {
    ok: false,
    error: { status: 400, kind: 'invalid_request', message: 'max_tokens: Field required' },
  });
});

test('a tool_result must answer the assistant message just before it, not an older one', () => {
  const body = {
    model: 'claude-x',
    max_tokens: 10,
    messages: [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'ok' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'b', name: 'g', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'stale' }] },
    ],
  };
  const result = decodeRequest(body, ctx);
  assert.ok(!result.ok);
  assert.match(result.error.message, /^messages\.4\.content\.0\.tool_use_id: /);
  const fixed = structuredClone(body);
  fixed.messages[4] = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'b', content: 'ok' }] };
  const ok = decodeRequest(fixed, ctx);
  assert.ok(ok.ok);
  assert.deepEqual(ok.value.messages[4]?.content[0], { type: 'tool_result', toolCallId: 'b', name: 'g', content: [{ type: 'text', text: 'ok' }] });
});

test('a Claude Code request survives decode and re-encode for Anthropic unchanged', () => {
  const body = {
    model: 'claude-x',
    max_tokens: 32000,
    system: [
      { type: 'text', text: 'You are Claude Code.' },
      { type: 'text', text: 'Rules', cache_control: { type: 'ephemeral' } },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'List files' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Use Bash.', signature: 'EqQBsig' },
          { type: 'text', text: 'Listing.' },
          { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls', timeout: 5 } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a.ts\nb.ts' }], is_error: true },
          { type: 'text', text: 'Now read a.ts', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      },
    ],
    tools: [
      {
        name: 'Bash',
        description: 'Run a command',
        input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
        cache_control: { type: 'ephemeral' },
      },
    ],
    tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    thinking: { type: 'enabled', budget_tokens: 31999 },
    stop_sequences: ['STOP'],
    metadata: { user_id: 'user_1' },
    stream: true,
  };
  const decoded = decodeRequest(body, ctx);
  assert.ok(decoded.ok);
  const encoded = encodeRequest(decoded.value, { ...ctx, model: 'claude-x' });
  assert.deepEqual(encoded, body);
});
