// The mock's Anthropic Messages endpoint, driven by the official @anthropic-ai/sdk.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: Anthropic;
const tools: Anthropic.Tool[] = [
  { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'get_time', input_schema: { type: 'object', properties: {} } },
];
const thinking = { type: 'enabled', budget_tokens: 1024 } as const;

before(async () => {
  mock = await startMockUpstream();
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.url, maxRetries: 0 });
});
after(() => mock.close());

async function rejectsWith(promise: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof Anthropic.APIError, String(err));
    assert.equal(err.status, status);
    const body = err.error as { error?: { message?: string } } | undefined;
    assert.match(body?.error?.message ?? '', message);
    return true;
  });
}

function textOf(message: Anthropic.Message): string {
  return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

test('text reply; input_tokens excludes the cache read', async () => {
  mock.reset();
  const res = await client.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    system: 'Be brief',
    messages: [{ role: 'user', content: 'hello there' }],
  });
  assert.equal(textOf(res), 'Hello! You said: hello there');
  assert.equal(res.stop_reason, 'end_turn');
  assert.equal(res.usage.input_tokens, 14 - 3);
  assert.equal(res.usage.cache_read_input_tokens, 3);
  assert.equal(res.usage.output_tokens, 5);
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'anthropic');
  assert.equal(rec?.apiKey, 'sk-ant-test');
  assert.deepEqual(rec?.usage, { input: 14, output: 5, cached: 3, reasoning: 0 });
});

test('the stream follows the Messages event grammar', async () => {
  const stream = client.messages.stream({ model: 'c', max_tokens: 100, messages: [{ role: 'user', content: 'stream me' }] });
  const types: string[] = [];
  stream.on('streamEvent', (e) => types.push(e.type));
  const final = await stream.finalMessage();
  assert.equal(textOf(final), 'Hello! You said: stream me');
  assert.equal(final.usage.output_tokens, 5);
  assert.equal(final.usage.input_tokens, 12 - 3);
  const collapsed = types.filter((t, i) => t !== types[i - 1]);
  assert.deepEqual(collapsed, [
    'message_start',
    'content_block_start',
    'content_block_delta',
    'content_block_stop',
    'message_delta',
    'message_stop',
  ]);
  assert.equal(types.filter((t) => t === 'content_block_delta').length, 5);

  // The SDK hides pings, so check the wire: every frame names its event and the data agrees.
  const raw = await fetch(`${mock.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'c', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  assert.match(raw.headers.get('content-type') ?? '', /^text\/event-stream/);
  const frames = (await raw.text()).split('\n\n').filter((f) => f !== '');
  const names = frames.map((f) => {
    const [event, data] = f.split('\n');
    const name = event?.replace('event: ', '');
    assert.equal((JSON.parse(data?.replace('data: ', '') ?? '') as { type: string }).type, name);
    return name;
  });
  assert.deepEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
  assert.deepEqual(names.slice(-2), ['message_delta', 'message_stop']);
});

test('tool round trip: tool_use with streamed input_json_delta, then tool_result', async () => {
  const user: Anthropic.MessageParam = { role: 'user', content: 'What is the weather in Paris?' };
  const first = await client.messages.create({ model: 'c', max_tokens: 100, tools, messages: [user] });
  const use = first.content.find((b) => b.type === 'tool_use');
  assert.ok(use?.type === 'tool_use');
  assert.equal(use.name, 'get_weather');
  assert.deepEqual(use.input, { city: 'Paris', unit: 'celsius' });
  assert.equal(first.stop_reason, 'tool_use');

  const stream = client.messages.stream({ model: 'c', max_tokens: 100, tools, messages: [user] });
  let pieces = 0;
  stream.on('streamEvent', (e) => {
    if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta') pieces += 1;
  });
  const streamed = await stream.finalMessage();
  assert.ok(pieces >= 3);
  const streamedUse = streamed.content.find((b) => b.type === 'tool_use');
  assert.ok(streamedUse?.type === 'tool_use');
  assert.deepEqual(streamedUse.input, { city: 'Paris', unit: 'celsius' });

  const second = await client.messages.create({
    model: 'c',
    max_tokens: 100,
    tools,
    messages: [
      user,
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: [{ type: 'text', text: '20C and windy' }] }] },
    ],
  });
  assert.equal(textOf(second), 'Tool said: 20C and windy');
});

test('thinking round trip: the signature is accepted unchanged and rejected when tampered', async () => {
  const user: Anthropic.MessageParam = { role: 'user', content: 'reflect' };
  const res = await client.messages.create({ model: 'c', max_tokens: 2048, thinking, messages: [user] });
  const block = res.content[0];
  assert.ok(block?.type === 'thinking');
  assert.equal(block.thinking, 'Let me think about this.');
  assert.ok(block.signature.length > 20);
  assert.equal(textOf(res), 'Hello! You said: reflect');
  assert.equal(res.usage.output_tokens, 4 + 5);

  const ok = await client.messages.create({
    model: 'c',
    max_tokens: 2048,
    thinking,
    messages: [user, { role: 'assistant', content: res.content }, { role: 'user', content: 'more' }],
  });
  assert.equal(textOf(ok), 'Hello! You said: more');

  for (const forged of [
    { ...block, signature: `${block.signature.slice(0, -4)}AAAA` },
    { ...block, thinking: 'Let me think about that.' },
  ]) {
    await rejectsWith(
      client.messages.create({
        model: 'c',
        max_tokens: 2048,
        thinking,
        messages: [user, { role: 'assistant', content: [forged, ...res.content.slice(1)] }, { role: 'user', content: 'more' }],
      }),
      400,
      /messages\.1\.content\.0: Invalid `signature` in `thinking` block/,
    );
  }

  const stream = client.messages.stream({ model: 'c', max_tokens: 2048, thinking, messages: [user] });
  const deltas: string[] = [];
  stream.on('streamEvent', (e) => {
    if (e.type === 'content_block_delta') deltas.push(e.delta.type);
  });
  const final = await stream.finalMessage();
  const streamedBlock = final.content[0];
  assert.ok(streamedBlock?.type === 'thinking');
  assert.equal(streamedBlock.signature, block.signature);
  assert.ok(deltas.indexOf('signature_delta') < deltas.indexOf('text_delta'));
});

test('thinking with tools: the final assistant turn must keep its thinking block', async () => {
  const user: Anthropic.MessageParam = { role: 'user', content: 'weather in Paris?' };
  const first = await client.messages.create({ model: 'c', max_tokens: 2048, thinking, tools, messages: [user] });
  assert.deepEqual(
    first.content.map((b) => b.type),
    ['thinking', 'tool_use'],
  );
  const use = first.content[1];
  assert.ok(use?.type === 'tool_use');
  const result: Anthropic.MessageParam = { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] };
  const second = await client.messages.create({
    model: 'c',
    max_tokens: 2048,
    thinking,
    tools,
    messages: [user, { role: 'assistant', content: first.content }, result],
  });
  assert.equal(textOf(second), 'Tool said: sunny');
  await rejectsWith(
    client.messages.create({ model: 'c', max_tokens: 2048, thinking, tools, messages: [user, { role: 'assistant', content: [use] }, result] }),
    400,
    /Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
  );
});

test('images: base64 source reports media type and size; url source says url', async () => {
  const res = await client.messages.create({
    model: 'c',
    max_tokens: 100,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: Buffer.from('12345').toString('base64') } },
          { type: 'text', text: 'what is it' },
        ],
      },
    ],
  });
  assert.equal(textOf(res), 'I see an image (image/gif, 5 bytes)');
  assert.equal(res.usage.input_tokens + (res.usage.cache_read_input_tokens ?? 0), 3 + 85 + 10);
  const url = await client.messages.create({
    model: 'c',
    max_tokens: 100,
    messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://example.invalid/x.png' } }] }],
  });
  assert.equal(textOf(url), 'I see an image (url)');
});

test('rejects what the Messages API rejects', async () => {
  const user: Anthropic.MessageParam = { role: 'user', content: 'hi' };
  const call = (body: Record<string, unknown>): Promise<unknown> =>
    client.messages.create({ model: 'c', max_tokens: 2048, messages: [user], ...body } as never);
  const use: Anthropic.ToolUseBlockParam = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} };
  const result: Anthropic.ToolResultBlockParam = { type: 'tool_result', tool_use_id: 'toolu_1', content: 'r' };
  await rejectsWith(client.messages.create({ model: 'c', messages: [user] } as never), 400, /^max_tokens: Field required$/);
  await rejectsWith(call({ reasoning_effort: 'high' }), 400, /reasoning_effort: Extra inputs are not permitted/);
  await rejectsWith(call({ messages: [user, { role: 'tool', content: 'x' }] }), 400, /messages\.1\.role: Input should be 'user', 'assistant' or 'system'/);
  await rejectsWith(call({ messages: [{ role: 'system', content: 'x' }, user] }), 400, /first message must use the "user" role/);
  await rejectsWith(call({ messages: [{ role: 'assistant', content: 'x' }, user] }), 400, /first message must use the "user" role/);
  await rejectsWith(call({ messages: [{ role: 'user', content: [result] }] }), 400, /unexpected `tool_use_id` found in `tool_result` blocks: toolu_1/);
  await rejectsWith(
    call({ tools, messages: [user, { role: 'assistant', content: [use] }, user] }),
    400,
    /messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/,
  );
  await rejectsWith(
    call({ tools, messages: [user, { role: 'assistant', content: [use] }, { role: 'user', content: [{ type: 'text', text: 'x' }, result] }] }),
    400,
    /must begin with a matching number of `tool_result` blocks/,
  );
  await rejectsWith(call({ thinking: { type: 'enabled', budget_tokens: 500 } }), 400, /budget_tokens: Input should be greater than or equal to 1024/);
  await rejectsWith(call({ max_tokens: 1024, thinking }), 400, /`max_tokens` must be greater than `thinking.budget_tokens`/);
  await rejectsWith(call({ thinking, temperature: 0.5 }), 400, /`temperature` may only be set to 1 when thinking is enabled/);
  await rejectsWith(call({ thinking, top_k: 5 }), 400, /`top_k` must be unset when thinking is enabled/);
  await rejectsWith(
    call({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x', signature: 's' }] }] }),
    400,
    /messages\.0\.content\.0\.text\.signature: Extra inputs are not permitted/,
  );
  await rejectsWith(call({ tools: [{ name: 'no.dots', input_schema: { type: 'object' } }] }), 400, /String should match pattern/);
});

test('auth and version headers are required', async () => {
  const body = JSON.stringify({ model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  const noKey = await fetch(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'anthropic-version': '2023-06-01' }, body });
  assert.equal(noKey.status, 401);
  assert.deepEqual(((await noKey.json()) as { error: unknown }).error, { type: 'authentication_error', message: 'x-api-key header is required' });
  const noVersion = await fetch(`${mock.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k' }, body });
  assert.equal(noVersion.status, 400);
  assert.match(JSON.stringify(await noVersion.json()), /anthropic-version: header is required/);
});

test('count_tokens and the model list', async () => {
  const counted = await client.messages.countTokens({ model: 'c', messages: [{ role: 'user', content: 'one two three' }] });
  assert.equal(counted.input_tokens, 13);
  const ids: string[] = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.length > 0 && ids.every((id) => id.startsWith('claude')));
});

test('a cache_control breakpoint writes the uncached half of the prompt to the cache, reported apart from input_tokens', async () => {
  mock.reset();
  const system: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'Be brief', cache_control: { type: 'ephemeral' } }];
  const res = await client.messages.create({ model: 'c', max_tokens: 100, system, messages: [{ role: 'user', content: 'hello there' }] });
  // input 14, cached floor(14/4) = 3, written floor((14 - 3) / 2) = 5, the rest 6 uncached.
  assert.equal(res.usage.cache_read_input_tokens, 3);
  assert.equal(res.usage.cache_creation_input_tokens, 5);
  assert.deepEqual(res.usage.cache_creation, { ephemeral_5m_input_tokens: 5, ephemeral_1h_input_tokens: 0 });
  assert.equal(res.usage.input_tokens, 6);
  assert.deepEqual(mock.requests[0]?.usage, { input: 14, output: 5, cached: 3, reasoning: 0, cacheWrite: 5 });

  const hour: Anthropic.TextBlockParam[] = [{ type: 'text', text: 'Be brief', cache_control: { type: 'ephemeral', ttl: '1h' } }];
  const final = await client.messages.stream({ model: 'c', max_tokens: 100, system: hour, messages: [{ role: 'user', content: 'hello there' }] }).finalMessage();
  assert.equal(final.usage.cache_creation_input_tokens, 5);
  assert.equal(final.usage.input_tokens, 6);
  assert.deepEqual(final.usage.cache_creation, { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 5 });
});

test('without a breakpoint nothing is written to the cache', async () => {
  mock.reset();
  const res = await client.messages.create({ model: 'c', max_tokens: 100, system: 'Be brief', messages: [{ role: 'user', content: 'hello there' }] });
  assert.equal(res.usage.cache_creation_input_tokens, 0);
  assert.equal(mock.requests[0]?.usage?.cacheWrite, undefined);
});
