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

const base = { model: 'claude-x', max_tokens: 100 };

test('system and developer messages inside messages become canonical system messages at their place', () => {
  const result = decodeRequest(
    {
      ...base,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: 'ok' },
        {
          role: 'developer',
          content: [
            { type: 'text', text: 'Be short.' },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
          ],
        },
        { role: 'system', content: '' },
      ],
    },
    ctx,
  );
  assert.ok(result.ok);
  assert.deepEqual(
    result.value.messages.map((m) => [m.role, m.content.map((p) => (p.type === 'text' ? p.text : p.type))]),
    [
      ['user', ['hi']],
      ['system', ['Answer in French.']],
      ['assistant', ['Bonjour']],
      ['user', ['ok']],
      ['system', ['Be short.']],
    ],
  );
  assert.deepEqual(result.value.warnings, ['messages[4].content[1]: an image in a system message is not carried by translation and was dropped']);
});

test('an unknown role is kept as user input with a warning instead of failing the request', () => {
  const result = decodeRequest({ ...base, messages: [{ role: 'human', content: 'hi' }] }, ctx);
  assert.ok(result.ok);
  assert.equal(result.value.messages[0]?.role, 'user');
  assert.deepEqual(result.value.warnings, ["messages[0].role: role 'human' is not a Messages API role; the message was kept as a user message"]);
});

test('a system message between a tool_use and its tool_result does not break the pairing', () => {
  const result = decodeRequest(
    {
      ...base,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] },
        { role: 'system', content: 'The user is watching.' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'ok' }] },
      ],
    },
    ctx,
  );
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.value.messages[3]?.content[0], { type: 'tool_result', toolCallId: 'a', name: 'f', content: [{ type: 'text', text: 'ok' }] });
});

test('blocks the canonical model cannot carry are dropped with a warning naming each one', () => {
  const result = decodeRequest(
    {
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Read these' },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } },
            { type: 'document', title: 'notes', source: { type: 'content', content: [{ type: 'text', text: 'n1' }, { type: 'image', source: { type: 'url', url: 'u' } }] } },
            { type: 'container_upload', file_id: 'file_1' },
          ],
        },
      ],
    },
    ctx,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.value.messages[0]?.content, [
    { type: 'text', text: 'Read these' },
    { type: 'text', text: 'n1' },
  ]);
  assert.deepEqual(result.value.warnings, [
    "messages[0].content[1]: a document with source type 'base64' is not carried by translation and was dropped",
    "messages[0].content[2].source.content[1]: block type 'image' is not carried by translation and was dropped",
    "messages[0].content[3]: block type 'container_upload' is not carried by translation and was dropped",
  ]);
});

test('a message left empty by dropped blocks is left out', () => {
  const result = decodeRequest(
    {
      ...base,
      messages: [
        { role: 'user', content: 'search' },
        { role: 'assistant', content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }] },
        { role: 'user', content: 'again' },
      ],
    },
    ctx,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.value.messages.map((m) => m.role), ['user', 'user']);
});

test('server tools: web search maps onto webSearch, the rest are dropped, and so is a tool_choice naming one', () => {
  const result = decodeRequest(
    {
      ...base,
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        { name: 'f', input_schema: { type: 'object' }, defer_loading: true, input_examples: [{}] },
        { type: 'web_search_20260209', name: 'web_search', max_uses: 3, blocked_domains: ['b.example'], user_location: { type: 'approximate' } },
        { type: 'web_fetch_20250910', name: 'web_fetch' },
        { type: 'code_execution_20250825', name: 'code_execution' },
      ],
      tool_choice: { type: 'tool', name: 'web_fetch' },
    },
    ctx,
  );
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.value.tools, [{ name: 'f', parameters: { type: 'object' } }]);
  assert.deepEqual(result.value.webSearch, { maxUses: 3, blockedDomains: ['b.example'] });
  assert.equal(result.value.toolChoice, undefined);
  assert.deepEqual(result.value.warnings, [
    "tools[2]: server tool type 'web_fetch_20250910' runs inside Anthropic and is not carried by translation; dropped",
    "tools[3]: server tool type 'code_execution_20250825' runs inside Anthropic and is not carried by translation; dropped",
    "tool_choice.name: 'web_fetch' is not a custom tool carried by translation; dropped",
  ]);
});

test('unknown thinking types and top-level fields are accepted; only what is understood is carried', () => {
  const result = decodeRequest(
    {
      ...base,
      messages: [{ role: 'user', content: 'x' }],
      thinking: { type: 'turbo', level: 9 },
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      output_config: { effort: 'ultra', task_budget: { total: 5 } },
      container: null,
    },
    ctx,
  );
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.value.reasoning, undefined);
  assert.deepEqual(result.value.warnings, [
    'context_management: not carried by translation; dropped',
    "thinking.type: 'turbo' is not understood; no reasoning settings were carried",
  ]);
  const adaptive = decodeRequest({ ...base, messages: [{ role: 'user', content: 'x' }], thinking: { type: 'adaptive' }, output_config: { effort: 'ultra' } }, ctx);
  assert.ok(adaptive.ok);
  assert.deepEqual(adaptive.value.reasoning, { enabled: true, includeThoughts: true });
  assert.equal(adaptive.value.warnings, undefined);
});
