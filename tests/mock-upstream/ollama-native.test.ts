// The mock's Ollama native API (no key): version, tags, show, chat and generate as NDJSON
// streams or single objects, embed, and Ollama's own errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OLLAMA_MODELS, mockEmbedding, startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;

before(async () => {
  mock = await startMockUpstream();
});
after(() => mock.close());

type Line = Record<string, unknown> & { message?: { role: string; content: string; thinking?: string; tool_calls?: unknown[] }; done: boolean };

async function call(path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return fetch(`${mock.url}${path}`, init);
}

async function lines(res: Response): Promise<Line[]> {
  return (await res.text())
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

async function failed(path: string, body: unknown, status: number, error: string): Promise<void> {
  const res = await call(path, body);
  assert.equal(res.status, status);
  assert.deepEqual(await res.json(), { error });
}

test('version, tags and show describe the pulled models, without a key', async () => {
  assert.deepEqual(await (await call('/api/version')).json(), { version: '0.12.0' });
  assert.equal(await (await call('/')).text(), 'Ollama is running');
  const tags = (await (await call('/api/tags')).json()) as { models: Array<{ name: string; model: string; digest: string; details: { format: string; family: string } }> };
  assert.deepEqual(tags.models.map((m) => m.name), DEFAULT_OLLAMA_MODELS);
  assert.equal(tags.models[0]?.model, 'llama3.2:latest');
  assert.equal(tags.models[0]?.details.format, 'gguf');
  assert.match(tags.models[0]?.digest ?? '', /^[0-9a-f]{64}$/);
  const show = (await (await call('/api/show', { model: 'llama3.2' })).json()) as { capabilities: string[]; model_info: Record<string, unknown> };
  assert.deepEqual(show.capabilities, ['completion', 'tools']);
  assert.equal(show.model_info['general.architecture'], 'llama');
  assert.equal(show.model_info['llama.context_length'], 131072);
  const qwen = (await (await call('/api/show', { name: 'qwen3:8b' })).json()) as { capabilities: string[] };
  assert.deepEqual(qwen.capabilities, ['completion', 'tools', 'thinking']);
  await failed('/api/show', { model: 'mistral' }, 404, "model 'mistral' not found");
  await failed('/api/show', {}, 400, 'model is required');
  const unknown = await call('/api/pull', { model: 'x' });
  assert.equal(unknown.status, 404);
  assert.equal(await unknown.text(), '404 page not found');
});

test('chat streams NDJSON by default with the shared reply rules and a final metrics line', async () => {
  mock.reset();
  const res = await call('/api/chat', { model: 'llama3.2', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi there' }] });
  assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
  const all = await lines(res);
  const done = all[all.length - 1];
  assert.equal(all.slice(0, -1).map((l) => l.message?.content).join(''), 'Hello! You said: hi there');
  assert.ok(all.slice(0, -1).every((l) => l.done === false && l.model === 'llama3.2' && typeof l.created_at === 'string'));
  assert.equal(done?.done, true);
  assert.equal(done?.done_reason, 'stop');
  assert.deepEqual(done?.message, { role: 'assistant', content: '' });
  // 4 words + 10 = 14 prompt tokens, 5 reply words.
  assert.equal(done?.prompt_eval_count, 14);
  assert.equal(done?.eval_count, 5);
  assert.equal(done?.eval_duration, 5_000_000);
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'ollama');
  assert.equal(rec?.stream, true);
  assert.equal(rec?.apiKey, '');
  assert.deepEqual(rec?.usage, { input: 14, output: 5, cached: 0, reasoning: 0 });
});

test('chat with stream false, thinking, and tool calls with object arguments', async () => {
  const think = (await (await call('/api/chat', { model: 'qwen3:8b', stream: false, think: true, messages: [{ role: 'user', content: 'why' }] })).json()) as Line;
  assert.equal(think.message?.content, 'Hello! You said: why');
  assert.equal(think.message?.thinking, 'Let me think about this.');
  assert.equal(think.done, true);
  const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
  const streamed = await lines(await call('/api/chat', { model: 'llama3.2', tools, messages: [{ role: 'user', content: 'weather in Paris?' }] }));
  const withCall = streamed.find((l) => l.message?.tool_calls);
  assert.deepEqual(withCall?.message?.tool_calls, [{ function: { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } } }]);
  const followUp = (await (
    await call('/api/chat', {
      model: 'llama3.2',
      stream: false,
      tools,
      messages: [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
        { role: 'tool', content: 'sunny, 21C', tool_name: 'get_weather' },
      ],
    })
  ).json()) as Line;
  assert.equal(followUp.message?.content, 'Tool said: sunny, 21C');
  const load = (await (await call('/api/chat', { model: 'llama3.2', messages: [] })).json()) as Line;
  assert.equal(load.done_reason, 'load');
});

test('generate streams `response` lines and ends with context', async () => {
  const all = await lines(await call('/api/generate', { model: 'llama3.2', prompt: 'tell me', system: 'short' }));
  assert.equal(all.slice(0, -1).map((l) => l.response).join(''), 'Hello! You said: tell me');
  const done = all[all.length - 1];
  assert.equal(done?.done_reason, 'stop');
  assert.equal(done?.prompt_eval_count, 13);
  const context = done?.context;
  assert.ok(Array.isArray(context));
  assert.equal(context.length, 13 + 5);
  const whole = (await (await call('/api/generate', { model: 'llama3.2', prompt: 'x', stream: false })).json()) as Line;
  assert.equal(whole.response, 'Hello! You said: x');
  const load = (await (await call('/api/generate', { model: 'llama3.2' })).json()) as Line;
  assert.equal(load.done_reason, 'load');
});

test('embed uses the shared vector rule', async () => {
  const res = (await (await call('/api/embed', { model: 'llama3.2', input: ['alpha', 'beta gamma'] })).json()) as { model: string; embeddings: number[][]; prompt_eval_count: number };
  assert.equal(res.model, 'llama3.2');
  assert.deepEqual(res.embeddings, [mockEmbedding('alpha'), mockEmbedding('beta gamma')]);
  assert.equal(res.prompt_eval_count, 3);
  const sized = (await (await call('/api/embed', { model: 'llama3.2', input: 'a', dimensions: 4 })).json()) as { embeddings: number[][] };
  assert.deepEqual(sized.embeddings, [mockEmbedding('a', 4)]);
  assert.deepEqual(await (await call('/api/embed', { model: 'llama3.2', input: [] })).json(), { model: 'llama3.2', embeddings: [] });
});

test("Ollama's own errors", async () => {
  await failed('/api/chat', { model: 'llama9', messages: [{ role: 'user', content: 'x' }] }, 404, "model 'llama9' not found");
  await failed('/api/generate', { model: 'llama9', prompt: 'x' }, 404, "model 'llama9' not found");
  await failed('/api/embed', { model: 'llama9', input: 'x' }, 404, 'model "llama9" not found, try pulling it first');
  await failed('/api/chat', { messages: [] }, 400, 'model is required');
  await failed('/api/chat', { model: 'llama3.2', think: true, messages: [{ role: 'user', content: 'x' }] }, 400, 'registry.ollama.ai/library/llama3.2:latest does not support thinking');
  await failed('/api/chat', { model: 'qwen3:8b', think: 'high', messages: [{ role: 'user', content: 'x' }] }, 400, 'think value "high" is not supported for this model');
  await failed('/api/chat', { model: 'llama3.2', think: 'max', messages: [] }, 400, 'invalid think value: "max" (must be "high", "medium", "low", true, or false)');
  await failed('/api/chat', { model: 5 }, 400, 'json: cannot unmarshal number into Go struct field ChatRequest.model of type string');
  await failed('/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 7 }] }, 400, 'json: cannot unmarshal number into Go struct field Message.messages.content of type string');
  await failed(
    '/api/chat',
    { model: 'llama3.2', messages: [{ role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: '{}' } }] }] },
    400,
    'json: cannot unmarshal string into Go struct field ToolCallFunction.messages.tool_calls.function.arguments of type api.ToolCallFunctionArguments',
  );
  await failed('/api/chat', { model: 'llama3.2', stream: false, format: 'xml', messages: [{ role: 'user', content: 'x' }] }, 500, 'invalid format: "\\"xml\\""; expected "json" or a valid JSON Schema object');
  await failed('/api/embed', { model: 'llama3.2', input: [1] }, 400, 'invalid input type');
  await failed('/api/generate', { model: 'llama3.2', prompt: 'x', raw: true, system: 's' }, 400, 'raw mode does not support template, system, or context');
  const empty = await fetch(`${mock.url}/api/chat`, { method: 'POST' });
  assert.deepEqual(await empty.json(), { error: 'missing request body' });
  const bad = await fetch(`${mock.url}/api/chat`, { method: 'POST', body: 'x{}' });
  assert.deepEqual(await bad.json(), { error: "invalid character 'x' looking for beginning of value" });
  const cut = await fetch(`${mock.url}/api/chat`, { method: 'POST', body: '{"model": "llama3.2"' });
  assert.deepEqual(await cut.json(), { error: 'unexpected EOF' });
});

test('faults apply: status in the Ollama shape, slow stream', async () => {
  mock.inject({ match: { format: 'ollama', model: 'llama3.2' }, fault: { kind: 'status', status: 503 } });
  await failed('/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }, 503, 'server busy, please try again.  maximum pending requests exceeded');
  mock.inject({ match: { format: 'ollama' }, fault: { kind: 'slow-stream', delayMs: 20, extraTextEvents: 5 } });
  const started = Date.now();
  const all = await lines(await call('/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }));
  assert.ok(Date.now() - started >= 20 * (all.length - 1) - 10);
  assert.equal(all.slice(0, -1).map((l) => l.message?.content).join(''), 'Hello! You said: x tick tick tick tick tick');
});
