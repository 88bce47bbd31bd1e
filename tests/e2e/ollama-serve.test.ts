/**
 * The gateway speaking Ollama's native API in both directions. As a server: an Ollama client
 * (plain fetch reading NDJSON, and the official `ollama` npm client) calls /api/chat,
 * /api/generate, /api/tags, /api/show and /api/version with a gateway key, and its requests are
 * routed to an OpenAI-format account of the mock like any other. As a client: the built-in
 * `ollama` provider calls a native Ollama (the mock's /api/chat) for OpenAI and Ollama clients.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from '../mock-upstream/index.js';
import { PNG_1X1, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { logRow } from './usage-requests.js';

const KEY = 'gw-ollama-key-1';
const CHAT = UPSTREAMS['openai-chat'];
const WEATHER_TOOL = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

let h: Harness;
let native: MockUpstream;
before(async () => {
  native = await startMockUpstream({ ollamaModels: ['llama3.2:latest', 'qwen3:8b', 'gpt-oss:20b'], requireKey: false });
  // Appended right after the harness's connections, so the first lines continue that list.
  const extraConfig = [
    '  - provider: ollama',
    '    label: local',
    '    apiKey: not-needed',
    `    baseUrl: ${native.url}`,
    'server:',
    `  apiKeys: ["${KEY}"]`,
    'combos:',
    '  - name: team-fast',
    `    members: [{ model: ${CHAT.model} }]`,
    '',
  ].join('\n');
  h = await startHarness({ extraConfig });
});
after(async () => {
  await h.close();
  await native.close();
});

const auth = { authorization: `Bearer ${KEY}` };

function post(path: string, body: unknown, headers: Record<string, string> = auth): Promise<Response> {
  return fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Reads an NDJSON answer line by line, as Ollama clients do. */
async function ndjson(response: Response): Promise<Array<Record<string, unknown>>> {
  assert.equal(response.headers.get('content-type'), 'application/x-ndjson');
  const text = await response.text();
  assert.ok(text.endsWith('\n'), 'the last line ends in a newline');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function messageOf(line: Record<string, unknown>): Record<string, unknown> {
  const message = line.message;
  assert.ok(typeof message === 'object' && message !== null && !Array.isArray(message), 'a chat line carries a message');
  return Object.fromEntries(Object.entries(message));
}

test('/api/chat streams NDJSON by default, routed to an OpenAI-format account, booked as an ollama request', async () => {
  const response = await post('/api/chat', { model: CHAT.model, messages: [{ role: 'user', content: 'hi there' }] });
  assert.equal(response.status, 200);
  const requestId = response.headers.get('x-request-id') ?? '';
  const lines = await ndjson(response);
  assert.ok(lines.every((l) => l.model === CHAT.model && typeof l.created_at === 'string'));
  assert.ok(lines.slice(0, -1).every((l) => l.done === false));
  assert.equal(lines.map((l) => messageOf(l).content).join(''), 'Hello! You said: hi there');
  const last = lines.at(-1)!;
  assert.equal(last.done, true);
  assert.equal(last.done_reason, 'stop');
  const upstream = h.mock.requests.filter((r) => r.apiKey === CHAT.apiKey).at(-1)!;
  assert.equal(upstream.format, 'openai-chat');
  assert.equal(upstream.stream, true, 'an Ollama request without `stream` streams');
  assert.equal(last.prompt_eval_count, upstream.usage?.input);
  assert.equal(last.eval_count, upstream.usage?.output);
  const row = await logRow(h, requestId);
  assert.equal(row.clientFormat, 'ollama');
  assert.equal(row.upstreamFormat, 'openai-chat');
  assert.equal(row.stream, true);
});

test('/api/chat with stream:false answers one object; a combo name comes back as asked', async () => {
  const response = await post('/api/chat', { model: 'team-fast', stream: false, messages: [{ role: 'user', content: 'one shot' }], options: { temperature: 0, num_predict: 64 } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(body.model, 'team-fast');
  assert.deepEqual(body.message, { role: 'assistant', content: 'Hello! You said: one shot' });
  assert.equal(body.done, true);
  const upstream = h.mock.requests.filter((r) => r.apiKey === CHAT.apiKey).at(-1)!;
  const sent = upstream.body as Record<string, unknown>;
  assert.equal(sent.temperature, 0);
  assert.equal(sent.max_tokens, 64);
});

test('/api/generate answers with `response`, streamed and not', async () => {
  const streamed = await post('/api/generate', { model: CHAT.model, prompt: 'why is the sky blue', system: 'Be brief.' });
  assert.equal(streamed.status, 200);
  const lines = await ndjson(streamed);
  assert.ok(lines.every((l) => !('message' in l) && typeof l.response === 'string'));
  assert.equal(lines.map((l) => l.response).join(''), 'Hello! You said: why is the sky blue');
  assert.equal(lines.at(-1)?.done, true);
  const upstream = h.mock.requests.filter((r) => r.apiKey === CHAT.apiKey).at(-1)!.body as { messages: unknown[] };
  assert.deepEqual(upstream.messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'why is the sky blue' },
  ]);
  const single = await post('/api/generate', { model: CHAT.model, prompt: 'again', stream: false });
  const body = (await single.json()) as Record<string, unknown>;
  assert.equal(body.response, 'Hello! You said: again');
  assert.equal(body.done, true);
  assert.equal(body.done_reason, 'stop');
});

test('a tool call comes back with its arguments as an object, and its result goes back by tool_name', async () => {
  const first = await post('/api/chat', { model: CHAT.model, stream: false, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'what is the weather in Paris?' }] });
  const body = (await first.json()) as { message: { tool_calls?: Array<{ id?: string; function: { name: string; arguments: unknown } }> } };
  const call = body.message.tool_calls?.[0];
  assert.equal(call?.function.name, 'get_weather');
  assert.deepEqual(call?.function.arguments, { city: 'Paris', unit: 'celsius' });
  // An Ollama client sends the call back without its id, the result named by tool_name only.
  const second = await post('/api/chat', {
    model: CHAT.model,
    tools: [WEATHER_TOOL],
    messages: [
      { role: 'user', content: 'what is the weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } } }] },
      { role: 'tool', content: '19 degrees', tool_name: 'get_weather' },
    ],
  });
  const lines = await ndjson(second);
  assert.equal(lines.map((l) => messageOf(l).content).join(''), 'Tool said: 19 degrees');
});

test('/api/tags, /api/show and /api/version describe what the key may use', async () => {
  const tags = (await (await fetch(`${h.url}/api/tags`, { headers: auth })).json()) as { models: Array<{ name: string; model: string; details: unknown }> };
  const names = tags.models.map((m) => m.name);
  for (const u of Object.values(UPSTREAMS)) assert.ok(names.includes(u.model), `tags list ${u.model}`);
  assert.ok(names.includes('team-fast'), 'combos are listed');
  assert.ok(tags.models.every((m) => m.model === m.name && typeof m.details === 'object'));

  const shown = await post('/api/show', { model: CHAT.model });
  assert.equal(shown.status, 200);
  const show = (await shown.json()) as { capabilities: string[]; model_info: Record<string, unknown> };
  assert.deepEqual(show.capabilities, ['completion', 'tools']);
  const missing = await post('/api/show', { model: 'nowhere/nothing' });
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: "model 'nowhere/nothing' not found" });

  const version = (await (await fetch(`${h.url}/api/version`, { headers: auth })).json()) as { version: string };
  assert.match(version.version, /^\d+\.\d+\.\d+$/);
});

test("errors come in Ollama's shape: no key, unknown model, a bad body, a wrong method", async () => {
  const noKey = await fetch(`${h.url}/api/tags`);
  assert.equal(noKey.status, 401);
  assert.match(((await noKey.json()) as { error: string }).error, /gateway API key/);
  const chatNoKey = await post('/api/chat', { model: CHAT.model, messages: [] }, {});
  assert.equal(chatNoKey.status, 401);
  assert.equal(typeof ((await chatNoKey.json()) as { error: unknown }).error, 'string');

  const unknown = await post('/api/chat', { model: 'nowhere/nothing', messages: [{ role: 'user', content: 'x' }] });
  assert.equal(unknown.status, 404);
  assert.equal(typeof ((await unknown.json()) as { error: unknown }).error, 'string');
  const bad = await post('/api/chat', { model: CHAT.model, messages: [{ role: 'user', content: 5 }] });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { error: 'messages[0].content: expected a string' });
  const wrongMethod = await fetch(`${h.url}/api/chat`, { headers: auth });
  assert.equal(wrongMethod.status, 404);
  assert.equal(typeof ((await wrongMethod.json()) as { error: unknown }).error, 'string');
});

test('a web page can no more reach /api/chat than /v1, and the control API still needs its own credential', async () => {
  const foreign = await post('/api/chat', { model: CHAT.model, messages: [{ role: 'user', content: 'x' }] }, { ...auth, origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal(typeof ((await foreign.json()) as { error: unknown }).error, 'string');
  const simple = await fetch(`${h.url}/api/chat`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
  assert.equal(simple.status, 415);
  const tagsFromPage = await fetch(`${h.url}/api/tags`, { headers: { ...auth, 'sec-fetch-site': 'cross-site' } });
  assert.equal(tagsFromPage.status, 403);
  const control = await post('/api/gateway.status', {});
  assert.equal(control.status, 401, 'a gateway key is no management credential');
});

test('the official ollama client: chat, generate, list and show, streamed and not, and a ResponseError', async () => {
  const client = new Ollama({ host: h.url, headers: auth });
  const chat = await client.chat({ model: CHAT.model, messages: [{ role: 'user', content: 'from the sdk' }] });
  assert.equal(chat.message.content, 'Hello! You said: from the sdk');
  assert.equal(chat.done, true);
  let streamed = '';
  let final: { done: boolean; eval_count: number } | undefined;
  for await (const part of await client.chat({ model: CHAT.model, stream: true, messages: [{ role: 'user', content: 'stream it' }] })) {
    streamed += part.message.content;
    if (part.done) final = part;
  }
  assert.equal(streamed, 'Hello! You said: stream it');
  assert.ok(final && final.eval_count > 0);
  const image = await client.chat({ model: CHAT.model, messages: [{ role: 'user', content: 'look', images: [PNG_1X1] }] });
  assert.match(image.message.content, /^I see an image \(image\/png, \d+ bytes\)/);
  const tool = await client.chat({ model: CHAT.model, messages: [{ role: 'user', content: 'weather in Paris?' }], tools: [WEATHER_TOOL] });
  assert.deepEqual(tool.message.tool_calls?.[0]?.function.arguments, { city: 'Paris', unit: 'celsius' });
  const generated = await client.generate({ model: CHAT.model, prompt: 'generate this' });
  assert.equal(generated.response, 'Hello! You said: generate this');
  const list = await client.list();
  assert.ok(list.models.some((m) => m.name === CHAT.model));
  const show = await client.show({ model: 'team-fast' });
  assert.ok(show.capabilities.includes('completion'));
  await assert.rejects(client.chat({ model: 'nowhere/nothing', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => {
    return e instanceof Error && e.name === 'ResponseError' && 'status_code' in e && e.status_code === 404;
  });
});

/** The native server's last chat call (the gateway also reads its model list in the background). */
function lastChat() {
  return native.requests.filter((r) => r.path === '/api/chat').at(-1) ?? assert.fail('the native server saw no /api/chat call');
}

test('the ollama provider calls a native Ollama /api/chat for an OpenAI client, streamed and not', async () => {
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${h.url}/v1`, maxRetries: 0 });
  const answer = await openai.chat.completions.create({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'local please' }] });
  assert.equal(answer.choices[0]?.message.content, 'Hello! You said: local please');
  assert.equal(answer.model, 'ollama/llama3.2');
  const seen = lastChat();
  assert.equal(seen.path, '/api/chat');
  assert.equal(seen.model, 'llama3.2');
  assert.equal((seen.body as { stream?: unknown }).stream, false, 'stream is set explicitly: Ollama streams when it is absent');
  assert.equal(answer.usage?.prompt_tokens, seen.usage?.input);

  // gpt-oss takes the effort as its think level, and its thinking comes back as reasoning_content.
  let text = '';
  const stream = await openai.chat.completions.create({ model: 'ollama/gpt-oss:20b', stream: true, stream_options: { include_usage: true }, reasoning_effort: 'low', messages: [{ role: 'user', content: 'think first' }] });
  let reasoning = '';
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
    text += delta?.content ?? '';
    reasoning += delta?.reasoning_content ?? '';
  }
  assert.equal(text, 'Hello! You said: think first');
  assert.equal(reasoning, 'Let me think about this.');
  const thought = lastChat();
  assert.equal(thought.stream, true);
  assert.equal((thought.body as { think?: unknown }).think, 'low');

  // Any other model is left to think by its own default: a level, or think:true on a model that
  // cannot think, is a 400 from Ollama.
  const plain = await openai.chat.completions.create({ model: 'ollama/llama3.2', reasoning_effort: 'high', messages: [{ role: 'user', content: 'no thinking here' }] });
  assert.equal(plain.choices[0]?.message.content, 'Hello! You said: no thinking here');
  assert.equal('think' in (lastChat().body as object), false);
});

test('an Ollama client passes through to a native Ollama: its options arrive untouched, every line names the model it asked for', async () => {
  const response = await post('/api/chat', { model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'straight through' }], options: { num_ctx: 8192 }, keep_alive: '10m' });
  assert.equal(response.status, 200);
  const lines = await ndjson(response);
  assert.ok(lines.every((l) => l.model === 'ollama/llama3.2'), 'every line names the model the client asked for');
  assert.equal(lines.map((l) => messageOf(l).content).join(''), 'Hello! You said: straight through');
  const sent = lastChat().body as Record<string, unknown>;
  assert.equal(sent.model, 'llama3.2');
  assert.deepEqual(sent.options, { num_ctx: 8192 });
  assert.equal(sent.keep_alive, '10m');

  // /api/generate is translated: the gateway calls Ollama's /api/chat only.
  const generated = await post('/api/generate', { model: 'ollama/llama3.2', prompt: 'via chat', stream: false });
  assert.equal(((await generated.json()) as { response?: unknown }).response, 'Hello! You said: via chat');
  assert.match(JSON.stringify(lastChat().body), /via chat/);
  assert.equal(native.requests.filter((r) => r.path === '/api/generate').length, 0);

  // Ollama's own 404 reaches the client in Ollama's shape.
  const missing = await post('/api/chat', { model: 'ollama/not-pulled', stream: false, messages: [{ role: 'user', content: 'x' }] });
  assert.equal(missing.status, 404);
  assert.match(((await missing.json()) as { error: string }).error, /not-pulled/);
});
