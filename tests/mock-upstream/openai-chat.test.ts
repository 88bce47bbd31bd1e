// The mock's OpenAI Chat Completions endpoint, driven by the official openai SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;
const PNG_10_BYTES = Buffer.from('0123456789').toString('base64');
const weatherTools: OpenAI.Chat.ChatCompletionTool[] = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
];

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-chat', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());

async function rejectsWith(promise: Promise<unknown>, status: number, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof OpenAI.APIError, String(err));
    assert.equal(err.status, status);
    assert.match(err.message, message);
    return true;
  });
}

test('plain text reply echoes the last user text, with usage in OpenAI semantics', async () => {
  mock.reset();
  const res = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'hi there' },
    ],
  });
  assert.equal(res.choices[0]?.message.content, 'Hello! You said: hi there');
  assert.equal(res.choices[0]?.finish_reason, 'stop');
  // 4 words + 10 = 14 input, floor(14/4) = 3 cached (included in prompt_tokens), 5 output words.
  assert.equal(res.usage?.prompt_tokens, 14);
  assert.equal(res.usage?.prompt_tokens_details?.cached_tokens, 3);
  assert.equal(res.usage?.completion_tokens, 5);
  const rec = mock.requests[0];
  assert.ok(rec);
  assert.equal(rec.format, 'openai-chat');
  assert.equal(rec.apiKey, 'sk-chat');
  assert.equal(rec.model, 'gpt-4o');
  assert.equal(rec.stream, false);
  assert.equal(rec.status, 200);
  assert.deepEqual(rec.usage, { input: 14, output: 5, cached: 3, reasoning: 0 });
  await rec.done;
  assert.equal(rec.aborted, false);
});

test('streaming splits the text into word deltas and sends usage last only when asked', async () => {
  const stream = client.chat.completions.stream({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'stream this please' }],
    stream_options: { include_usage: true },
  });
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  stream.on('chunk', (c) => chunks.push(c));
  const final = await stream.finalChatCompletion();
  assert.equal(final.choices[0]?.message.content, 'Hello! You said: stream this please');
  const contentDeltas = chunks.filter((c) => c.choices[0]?.delta.content);
  assert.equal(contentDeltas.length, 6);
  const last = chunks[chunks.length - 1];
  assert.deepEqual(last?.choices, []);
  assert.equal(last?.usage?.prompt_tokens, 13);
  assert.ok(chunks.slice(0, -1).every((c) => c.usage === null));

  const plain = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
  let sawUsage = false;
  for await (const c of plain) if (c.usage) sawUsage = true;
  assert.equal(sawUsage, false);
});

test('a weather question with tools calls the first tool, arguments streamed in pieces', async () => {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const res = await client.chat.completions.create({ model: 'gpt-4o', messages, tools: weatherTools });
  const call = res.choices[0]?.message.tool_calls?.[0];
  assert.equal(res.choices[0]?.finish_reason, 'tool_calls');
  assert.ok(call && call.type === 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(call.function.arguments, '{"city":"Paris","unit":"celsius"}');
  assert.equal(res.usage?.completion_tokens, 5);

  const stream = client.chat.completions.stream({ model: 'gpt-4o', messages, tools: weatherTools });
  let pieces = 0;
  stream.on('chunk', (c) => {
    if (c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) pieces += 1;
  });
  const final = await stream.finalChatCompletion();
  assert.ok(pieces >= 3, `arguments arrived in ${pieces} pieces`);
  const streamed = final.choices[0]?.message.tool_calls?.[0];
  assert.ok(streamed && streamed.type === 'function');
  assert.equal(streamed.function.arguments, '{"city":"Paris","unit":"celsius"}');
  assert.equal(final.choices[0]?.finish_reason, 'tool_calls');

  // Second turn: the tool result comes back and the model reports it.
  const answered = res.choices[0]?.message;
  assert.ok(answered);
  const second = await client.chat.completions.create({
    model: 'gpt-4o',
    tools: weatherTools,
    // The response message goes back as-is, as the OpenAI function-calling guide does.
    messages: [...messages, answered, { role: 'tool', tool_call_id: call.id, content: '22 degrees and sunny' }],
  });
  assert.equal(second.choices[0]?.message.content, 'Tool said: 22 degrees and sunny');
});

test('tool_choice none keeps the model from calling tools', async () => {
  const res = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'weather?' }],
    tools: weatherTools,
    tool_choice: 'none',
  });
  assert.equal(res.choices[0]?.message.content, 'Hello! You said: weather?');
});

test('images: base64 data URLs report type and decoded size, URLs say url; an image counts 85 tokens', async () => {
  const inline = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_10_BYTES}` } },
        ],
      },
    ],
  });
  assert.equal(inline.choices[0]?.message.content, 'I see an image (image/png, 10 bytes)');
  assert.equal(inline.usage?.prompt_tokens, 1 + 85 + 10);
  const url = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.invalid/cat.png' } }] }],
  });
  assert.equal(url.choices[0]?.message.content, 'I see an image (url)');
});

test('reasoning_effort produces DeepSeek-style reasoning_content before the answer', async () => {
  const res = await client.chat.completions.create({
    model: 'deepseek-reasoner',
    reasoning_effort: 'low',
    messages: [{ role: 'user', content: 'think' }],
  });
  const message = res.choices[0]?.message as unknown as Record<string, unknown>;
  assert.equal(message.reasoning_content, 'Let me think about this.');
  assert.equal(message.content, 'Hello! You said: think');
  assert.equal(res.usage?.completion_tokens_details?.reasoning_tokens, 5);
  assert.equal(res.usage?.completion_tokens, 4 + 5);

  const stream = await client.chat.completions.create({
    model: 'deepseek-reasoner',
    reasoning_effort: 'high',
    messages: [{ role: 'user', content: 'think' }],
    stream: true,
  });
  const order: string[] = [];
  let reasoning = '';
  for await (const c of stream) {
    const delta = c.choices[0]?.delta as Record<string, unknown> | undefined;
    if (typeof delta?.reasoning_content === 'string') {
      reasoning += delta.reasoning_content;
      order.push('r');
    }
    if (typeof delta?.content === 'string' && delta.content !== '') order.push('c');
  }
  assert.equal(reasoning, 'Let me think about this.');
  assert.equal(order.indexOf('c'), order.lastIndexOf('r') + 1);

  const none = await client.chat.completions.create({ model: 'm', reasoning_effort: 'none', messages: [{ role: 'user', content: 'x' }] });
  assert.equal((none.choices[0]?.message as unknown as Record<string, unknown>).reasoning_content, undefined);
});

test('rejects what the real API rejects, in its error shape', async () => {
  const user: OpenAI.Chat.ChatCompletionMessageParam = { role: 'user', content: 'hi' };
  await rejectsWith(
    client.chat.completions.create({ model: 'm', messages: [user], thinking: { type: 'enabled' } } as never),
    400,
    /Unrecognized request argument supplied: thinking/,
  );
  await rejectsWith(
    client.chat.completions.create({ model: 'm', messages: [user], stream_options: { include_usage: true } }),
    400,
    /The 'stream_options' parameter is only allowed when 'stream' is enabled\./,
  );
  await rejectsWith(
    client.chat.completions.create({ model: 'm', messages: [user, { role: 'tool', tool_call_id: 'call_x', content: 'r' }] }),
    400,
    /messages with role 'tool' must be a response to a preceeding message with 'tool_calls'/,
  );
  await rejectsWith(
    client.chat.completions.create({
      model: 'm',
      messages: [
        user,
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'r' },
        { role: 'tool', tool_call_id: 'call_other', content: 'r' },
      ],
    }),
    400,
    /'tool_call_id' of 'call_other' not found/,
  );
  await rejectsWith(
    client.chat.completions.create({
      model: 'm',
      messages: [
        user,
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        user,
      ],
    }),
    400,
    /did not have response messages: call_1/,
  );
  await rejectsWith(client.chat.completions.create({ model: 'm', messages: [{ role: 'robot', content: 'x' }] } as never), 400, /Invalid value: 'robot'/);
  await rejectsWith(client.chat.completions.create({ messages: [user] } as never), 400, /you must provide a model parameter/);
  await rejectsWith(client.chat.completions.create({ model: 'm' } as never), 400, /Missing required parameter: 'messages'/);
  await rejectsWith(client.chat.completions.create({ model: 'm', messages: [] }), 400, /empty array/);
  await rejectsWith(client.chat.completions.create({ model: 'm', messages: [user], temperature: 'hot' } as never), 400, /Invalid type for 'temperature'/);
  await rejectsWith(client.chat.completions.create({ model: 'm', messages: [user], n: 2 }), 400, /'n' does not support 2/);
  await rejectsWith(
    client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x', reasoning: 'y' }] } as never),
    400,
    /Additional properties are not allowed \('reasoning' was unexpected\)/,
  );
  await rejectsWith(
    client.chat.completions.create({ model: 'm', messages: [user], tools: [{ type: 'function', function: { name: 'bad.name' } }] }),
    400,
    /does not match pattern/,
  );
  const statuses = mock.requests.slice(-13).map((r) => r.status);
  assert.ok(statuses.every((s) => s === 400), statuses.join(','));
});

test('a missing or empty key is a 401 in the OpenAI error shape', async () => {
  const variants: Array<Record<string, string>> = [{}, { authorization: 'Bearer ' }];
  for (const headers of variants) {
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /You didn't provide an API key/);
  }
});

test('GET /v1/models lists models in the OpenAI list shape', async () => {
  const ids: string[] = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes('gpt-4o'));
});

const customTool: OpenAI.Chat.ChatCompletionCustomTool = {
  type: 'custom',
  custom: { name: 'weather_cli', format: { type: 'grammar', grammar: { syntax: 'regex', definition: '^.+$' } } },
};

test('a custom tool listed first is called in the custom form, its free text as input', async () => {
  mock.reset();
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'weather in Paris?' }];
  const res = await client.chat.completions.create({ model: 'gpt-5', messages, tools: [customTool, ...weatherTools] });
  assert.equal(res.choices[0]?.finish_reason, 'tool_calls');
  const call = res.choices[0]?.message.tool_calls?.[0];
  assert.ok(call?.type === 'custom', JSON.stringify(call));
  assert.deepEqual(call.custom, { name: 'weather_cli', input: '{"city":"Paris","unit":"celsius"}' });

  const stream = await client.chat.completions.create({ model: 'gpt-5', messages, tools: [customTool], stream: true });
  const deltas: Array<Record<string, unknown>> = [];
  for await (const chunk of stream) deltas.push(...((chunk.choices[0]?.delta.tool_calls ?? []) as never[]));
  assert.deepEqual(deltas[0], { index: 0, id: deltas[0]?.id, type: 'custom', custom: { name: 'weather_cli', input: '' } });
  assert.equal(deltas.map((d) => (d.custom as { input: string }).input).join(''), '{"city":"Paris","unit":"celsius"}');

  // A function listed first is still the one called.
  const fn = await client.chat.completions.create({ model: 'gpt-5', messages, tools: [...weatherTools, customTool] });
  assert.equal(fn.choices[0]?.message.tool_calls?.[0]?.type, 'function');
});

test('a custom call in history is answered by its tool message; malformed custom tools and calls are refused', async () => {
  const res = await client.chat.completions.create({
    model: 'gpt-5',
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'custom', custom: { name: 'weather_cli', input: 'Paris' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ],
    tools: [customTool],
    tool_choice: { type: 'custom', custom: { name: 'weather_cli' } },
  });
  assert.equal(res.choices[0]?.message.content, 'Tool said: sunny');
  const user = { role: 'user' as const, content: 'hi' };
  await rejectsWith(
    client.chat.completions.create({ model: 'm', messages: [user], tools: [{ type: 'custom', custom: {} } as never] }),
    400,
    /Missing required parameter: 'tools\[0\]\.custom\.name'/,
  );
  await rejectsWith(
    client.chat.completions.create({
      model: 'm',
      messages: [user, { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'custom', custom: { name: 'x' } } as never] }],
    }),
    400,
    /custom\.input/,
  );
});
