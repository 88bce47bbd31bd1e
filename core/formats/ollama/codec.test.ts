import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest, StreamEvent } from '../canonical.js';
import { codecs } from '../registry.js';
import { streamSplitter } from '../stream-framing.js';

const ctx = { requestId: 'rq1', now: Date.UTC(2025, 0, 2, 3, 4, 5) };
const ollama = codecs.ollama;

function decodeStream(format: 'ollama' | 'openai-chat', text: string, step = 5): StreamEvent[] {
  const splitter = streamSplitter(format);
  const decoder = codecs[format].createStreamDecoder(ctx);
  const events: StreamEvent[] = [];
  for (let i = 0; i < text.length; i += step) for (const m of splitter.push(text.slice(i, i + step))) events.push(...decoder.push(m));
  for (const m of splitter.end()) events.push(...decoder.push(m));
  events.push(...decoder.end());
  return events;
}

function lines(text: string): Array<Record<string, unknown>> {
  assert.ok(text.endsWith('\n'), 'every NDJSON line ends in a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function request(extra: Partial<CanonicalRequest> = {}): CanonicalRequest {
  return { model: 'asked', system: [], messages: [], stream: true, ...extra };
}

const OLLAMA_STREAM = [
  { model: 'llama3.2', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: '', thinking: 'Plan.' }, done: false },
  { model: 'llama3.2', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: 'Hello' }, done: false },
  { model: 'llama3.2', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: ' world' }, done: false },
  {
    model: 'llama3.2',
    created_at: '2025-01-01T00:00:00Z',
    message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'save', arguments: { text: 'Hello world' } } }] },
    done: false,
  },
  { model: 'llama3.2', created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 12, eval_count: 7 },
]
  .map((o) => JSON.stringify(o) + '\n')
  .join('');

test('an Ollama stream decodes and re-encodes to the same answer under the name the client asked for', () => {
  const events = decodeStream('ollama', OLLAMA_STREAM);
  const encoder = ollama.createStreamEncoder({ ...ctx, model: 'my-combo', request: request() });
  const out = lines(events.map((e) => encoder.push(e)).join(''));
  assert.ok(out.every((l) => l.model === 'my-combo' && l.created_at === '2025-01-02T03:04:05.000Z'));
  assert.ok(out.slice(0, -1).every((l) => l.done === false));
  const messages = out.map((l) => l.message as Record<string, unknown>);
  assert.equal(messages.map((m) => m.content).join(''), 'Hello world');
  assert.equal(messages.map((m) => m.thinking ?? '').join(''), 'Plan.');
  assert.deepEqual(
    messages.flatMap((m) => (Array.isArray(m.tool_calls) ? m.tool_calls : [])),
    [{ id: 'call_rq1_0', function: { index: 0, name: 'save', arguments: { text: 'Hello world' } } }],
  );
  assert.deepEqual(out.at(-1), {
    model: 'my-combo',
    created_at: '2025-01-02T03:04:05.000Z',
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    prompt_eval_count: 12,
    eval_count: 7,
  });
});

test('an OpenAI Chat stream becomes Ollama NDJSON, streamed tool arguments sent whole as an object', () => {
  const chunk = (delta: unknown, finish: string | null = null, usage?: unknown) =>
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  const sse =
    chunk({ role: 'assistant', content: 'Saving' }) +
    chunk({ tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'save', arguments: '{"te' } }] }) +
    chunk({ tool_calls: [{ index: 0, function: { arguments: 'xt":"hi"}' } }] }) +
    chunk({}, 'tool_calls', { prompt_tokens: 5, completion_tokens: 4 }) +
    'data: [DONE]\n\n';
  const encoder = ollama.createStreamEncoder({ ...ctx, model: 'asked', request: request() });
  const out = lines(decodeStream('openai-chat', sse, 3).map((e) => encoder.push(e)).join(''));
  assert.deepEqual(
    out.map((l) => l.message),
    [
      { role: 'assistant', content: 'Saving' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_9', function: { index: 0, name: 'save', arguments: { text: 'hi' } } }] },
      { role: 'assistant', content: '' },
    ],
  );
  assert.equal(out.at(-1)?.prompt_eval_count, 5);
  assert.equal(out.at(-1)?.eval_count, 4);
});

test('a generate client gets `response` lines, the thinking beside them', () => {
  const events = decodeStream('ollama', OLLAMA_STREAM);
  const encoder = ollama.createStreamEncoder({ ...ctx, model: 'asked', request: request({ ollamaEndpoint: 'generate' }) });
  const out = lines(events.map((e) => encoder.push(e)).join(''));
  assert.ok(out.every((l) => !('message' in l) && typeof l.response === 'string'));
  assert.equal(out.map((l) => l.response).join(''), 'Hello world');
  assert.equal(out[0]?.thinking, 'Plan.');
  assert.deepEqual(out.find((l) => 'tool_calls' in l)?.tool_calls, [{ id: 'call_rq1_0', function: { index: 0, name: 'save', arguments: { text: 'Hello world' } } }]);
  assert.equal(out.at(-1)?.done, true);
});

test('a tool message that answers no call goes as a user message, with a warning', () => {
  const decoded = ollama.decodeRequest(
    {
      model: 'm',
      stream: null,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'tool', content: 'orphan result', tool_name: 'nothing' },
      ],
    },
    ctx,
  );
  assert.ok(decoded.ok);
  assert.equal(decoded.value.stream, true, 'null means the default, which streams');
  assert.deepEqual(decoded.value.messages[1], { role: 'user', content: [{ type: 'text', text: 'orphan result' }] });
  assert.match(decoded.value.warnings?.[0] ?? '', /^messages\[1\]: a tool message that answers no earlier tool call/);
});

test('arguments given as a JSON string and images given as data: URLs are taken too', () => {
  const decoded = ollama.decodeRequest(
    {
      model: 'm',
      messages: [
        { role: 'user', content: '', images: ['data:image/webp;base64,UklGRgAA'] },
        { role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: '{"a":1}' } }] },
        { role: 'tool', content: 'ok' },
      ],
    },
    ctx,
  );
  assert.ok(decoded.ok);
  assert.deepEqual(decoded.value.messages, [
    { role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/webp', data: 'UklGRgAA' } }] },
    { role: 'assistant', content: [{ type: 'tool_call', id: 'call_rq1_0', name: 'f', arguments: '{"a":1}' }] },
    { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call_rq1_0', name: 'f', content: [{ type: 'text', text: 'ok' }] }] },
  ]);
});

test('what Ollama cannot carry is dropped with a warning on the way upstream', () => {
  const warnings: string[] = [];
  const body = ollama.encodeRequest(
    request({
      messages: [
        { role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'look' }] },
        { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '[1,2]' }] },
      ],
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { type: 'required' },
      webSearch: {},
    }),
    { ...ctx, model: 'llama3.2', warn: (m) => warnings.push(m) },
  );
  assert.deepEqual(body.messages, [
    { role: 'user', content: 'look' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'c', function: { name: 'f', arguments: {} } }] },
  ]);
  assert.equal(body.stream, true);
  assert.equal(warnings.length, 4);
});

test('an upstream request goes back through the decoder unchanged (ids, thinking, results)', () => {
  const original = request({
    system: [{ type: 'text', text: 'sys' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 't' },
          { type: 'text', text: 'a' },
          { type: 'tool_call', id: 'call_1', name: 'f', arguments: '{"x":1}' },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: 'call_1', name: 'f', content: [{ type: 'text', text: 'r' }] }] },
    ],
    stream: false,
    maxTokens: 10,
  });
  const body = ollama.encodeRequest(original, { ...ctx, model: 'asked' });
  const back = ollama.decodeRequest(body, ctx);
  assert.deepEqual(back, { ok: true, value: original });
});

test('responseUsage reads the counts the full decoder reads, and none from an error', () => {
  const body = { model: 'm', message: { role: 'assistant', content: 'x' }, done: true, prompt_eval_count: 3, eval_count: 2 };
  const full = ollama.decodeResponse(body, ctx);
  assert.ok(full.ok);
  assert.deepEqual(ollama.responseUsage(body), full.value.usage);
  assert.equal(ollama.responseUsage({ error: 'boom' }), undefined);
});

test('a stream line that is not JSON ends the stream with an error', () => {
  const events = decodeStream('ollama', '{"model":"m","message":{"content":"a"},"done":false}\nnot json\n');
  assert.deepEqual(events.at(-1), { type: 'error', error: { status: 502, kind: 'api_error', message: 'upstream sent a stream line that is not JSON' } });
});
