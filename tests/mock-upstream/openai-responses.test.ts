// The mock's OpenAI Responses endpoint, driven by the official openai SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;
const tools: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
];

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-resp', baseURL: `${mock.url}/v1`, maxRetries: 0 });
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

test('text reply with instructions counted into usage', async () => {
  mock.reset();
  const res = await client.responses.create({ model: 'gpt-5', instructions: 'Be brief', input: 'hi' });
  assert.equal(res.output_text, 'Hello! You said: hi');
  assert.equal(res.status, 'completed');
  assert.equal(res.usage?.input_tokens, 13);
  assert.equal(res.usage?.input_tokens_details.cached_tokens, 3);
  assert.equal(res.usage?.output_tokens, 4);
  assert.equal(mock.requests[0]?.format, 'openai-responses');
  assert.deepEqual(mock.requests[0]?.usage, { input: 13, output: 4, cached: 3, reasoning: 0 });
});

test('the stream follows the Responses event grammar with consecutive sequence numbers', async () => {
  const stream = client.responses.stream({ model: 'gpt-5', input: [{ role: 'user', content: 'stream me' }] });
  const events: OpenAI.Responses.ResponseStreamEvent[] = [];
  stream.on('event', (e) => events.push(e));
  const final = await stream.finalResponse();
  assert.equal(final.output_text, 'Hello! You said: stream me');
  assert.deepEqual(
    events.map((e) => e.sequence_number),
    events.map((_e, i) => i),
  );
  const types = events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
  assert.deepEqual(types, [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.content_part.added',
    'response.output_text.delta',
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.completed',
  ]);
  assert.equal(events.filter((e) => e.type === 'response.output_text.delta').length, 5);
});

test('a weather question calls the first function tool; the output comes back as a function_call_output', async () => {
  const first = await client.responses.create({ model: 'gpt-5', input: 'weather in Paris?', tools });
  const call = first.output.find((o) => o.type === 'function_call');
  assert.ok(call && call.type === 'function_call');
  assert.equal(call.name, 'get_weather');
  assert.equal(call.arguments, '{"city":"Paris","unit":"celsius"}');
  assert.equal(first.usage?.output_tokens, 5);

  const stream = client.responses.stream({ model: 'gpt-5', input: 'weather in Paris?', tools });
  let pieces = 0;
  stream.on('response.function_call_arguments.delta', () => {
    pieces += 1;
  });
  const streamed = await stream.finalResponse();
  assert.ok(pieces >= 3);
  const streamedCall = streamed.output.find((o) => o.type === 'function_call');
  assert.ok(streamedCall?.type === 'function_call');
  assert.equal(streamedCall.arguments, '{"city":"Paris","unit":"celsius"}');

  const second = await client.responses.create({
    model: 'gpt-5',
    tools,
    input: [
      { role: 'user', content: 'weather in Paris?' },
      ...first.output,
      { type: 'function_call_output', call_id: call.call_id, output: '18C and cloudy' },
    ] as OpenAI.Responses.ResponseInput,
  });
  assert.equal(second.output_text, 'Tool said: 18C and cloudy');
});

test('reasoning: a summary and encrypted content that the mock accepts back and rejects when forged', async () => {
  const res = await client.responses.create({
    model: 'o4-mini',
    input: 'ponder',
    reasoning: { effort: 'low', summary: 'auto' },
    include: ['reasoning.encrypted_content'],
    store: false,
  });
  const reasoning = res.output[0];
  assert.ok(reasoning?.type === 'reasoning');
  assert.equal(reasoning.summary[0]?.text, 'Let me think about this.');
  assert.equal(typeof reasoning.encrypted_content, 'string');
  assert.equal(res.output_text, 'Hello! You said: ponder');
  assert.equal(res.usage?.output_tokens_details.reasoning_tokens, 5);
  assert.equal(res.usage?.output_tokens, 4 + 5);

  const history = [{ role: 'user', content: 'ponder' }, ...res.output, { role: 'user', content: 'again' }] as OpenAI.Responses.ResponseInput;
  const next = await client.responses.create({ model: 'o4-mini', input: history, reasoning: { effort: 'low' } });
  assert.equal(next.output_text, 'Hello! You said: again');
  const bare = next.output[0];
  assert.ok(bare?.type === 'reasoning');
  assert.deepEqual(bare.summary, []);
  assert.equal(bare.encrypted_content, undefined);

  const forged = history.map((item) =>
    'type' in item && item.type === 'reasoning' ? { ...item, encrypted_content: `${String(item.encrypted_content)}x` } : item,
  );
  await rejectsWith(client.responses.create({ model: 'o4-mini', input: forged }), 400, /could not be verified/);
  await rejectsWith(
    client.responses.create({
      model: 'o4-mini',
      input: [{ type: 'reasoning', id: 'rs_unknown', summary: [] }, { role: 'user', content: 'x' }],
    }),
    400,
    /Item with id 'rs_unknown' not found/,
  );

  await rejectsWith(
    client.responses.create({ model: 'o4-mini', input: [{ role: 'user', content: 'ponder' }, reasoning] as OpenAI.Responses.ResponseInput }),
    400,
    /of type 'reasoning' was provided without its required following item/,
  );

  const stream = client.responses.stream({ model: 'o4-mini', input: 'ponder', reasoning: { effort: 'low', summary: 'auto' } });
  const kinds: string[] = [];
  stream.on('event', (e) => kinds.push(e.type));
  const final = await stream.finalResponse();
  const summary = final.output[0];
  assert.ok(summary?.type === 'reasoning');
  assert.equal(summary.summary[0]?.text, 'Let me think about this.');
  assert.ok(kinds.indexOf('response.reasoning_summary_text.delta') < kinds.indexOf('response.output_text.delta'));
});

test('input_image: base64 data URL and URL', async () => {
  const data = Buffer.from('abcdefghijklmnop').toString('base64');
  const res = await client.responses.create({
    model: 'gpt-5',
    input: [{ role: 'user', content: [{ type: 'input_image', image_url: `data:image/jpeg;base64,${data}`, detail: 'auto' }] }],
  });
  assert.equal(res.output_text, 'I see an image (image/jpeg, 16 bytes)');
  const url = await client.responses.create({
    model: 'gpt-5',
    input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.invalid/a.png', detail: 'low' }] }],
  });
  assert.equal(url.output_text, 'I see an image (url)');
});

test('rejects unmatched calls and outputs, unknown parameters and dangling reasoning', async () => {
  await rejectsWith(
    client.responses.create({ model: 'm', input: [{ role: 'user', content: 'x' }, { type: 'function_call_output', call_id: 'call_9', output: 'r' }] }),
    400,
    /No tool call found for function call output with call_id call_9\./,
  );
  await rejectsWith(
    client.responses.create({
      model: 'm',
      input: [{ role: 'user', content: 'x' }, { type: 'function_call', call_id: 'call_8', name: 'f', arguments: '{}' }],
    }),
    400,
    /No tool output found for function call call_8\./,
  );
  await rejectsWith(client.responses.create({ model: 'm', input: 'x', messages: [] } as never), 400, /Unknown parameter: 'messages'\./);
  await rejectsWith(client.responses.create({ input: 'x' } as never), 400, /Missing required parameter: 'model'/);
  await rejectsWith(
    client.responses.create({ model: 'm', input: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] } as never),
    400,
    /Invalid value: 'text'/,
  );
  await rejectsWith(client.responses.create({ model: 'm', input: 'x', previous_response_id: 'resp_1' }), 400, /Previous response with id 'resp_1' not found/);
});

test('Codex-shaped requests are accepted: namespace, web_search and local_shell tools, developer messages anywhere, client_metadata', async () => {
  const namespace = {
    type: 'namespace' as const,
    name: 'mcp__demo__',
    description: 'Demo tools',
    tools: [{ type: 'function' as const, name: 'lookup_order', parameters: { type: 'object', properties: {} }, strict: false }],
  };
  const body = {
    model: 'gpt-5-codex',
    input: [
      { type: 'message' as const, role: 'developer' as const, content: 'rules' },
      { type: 'message' as const, role: 'user' as const, content: 'hi' },
      { type: 'message' as const, role: 'developer' as const, content: 'mode: plan' },
      { type: 'message' as const, role: 'user' as const, content: 'What is the weather?' },
    ],
    tools: [namespace, { type: 'web_search' as const }, { type: 'local_shell' as const }, ...tools],
    store: false,
    prompt_cache_key: 'session-1',
    service_tier: 'auto' as const,
    text: { verbosity: 'low' as const },
    client_metadata: { 'x-codex-turn': '1' },
  };
  const res = await client.responses.create(body as OpenAI.Responses.ResponseCreateParamsNonStreaming);
  const call = res.output[0];
  assert.ok(call?.type === 'function_call', JSON.stringify(res.output));
  // The API calls a namespace's function by its own name and names the namespace beside it.
  assert.equal(call.name, 'lookup_order');
  assert.equal(call.namespace, 'mcp__demo__');
});

test('a tool type the API does not know, or a malformed namespace, is rejected', async () => {
  await rejectsWith(
    client.responses.create({ model: 'gpt-5', input: 'hi', tools: [{ type: 'teleport' } as unknown as OpenAI.Responses.Tool] }),
    400,
    /Invalid value: 'teleport'/,
  );
  await rejectsWith(
    client.responses.create({
      model: 'gpt-5',
      input: 'hi',
      tools: [{ type: 'namespace', name: 'ns', description: '', tools: [{ type: 'web_search' }] } as unknown as OpenAI.Responses.Tool],
    }),
    400,
    /Invalid value: 'web_search'. Supported values are: 'function', and 'custom'/,
  );
});
