import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WireFormat } from '../formats/canonical.js';
import { SseParser } from '../sse/parser.js';
import { rewriteBodyModel, SseModelRewriter } from './model-rewrite.js';

/** Runs a stream through the parser and the rewriter, split into the given chunks. */
function relay(format: WireFormat, model: string, chunks: string[]): { out: string; rawChunks: number } {
  const parser = new SseParser();
  const rewriter = new SseModelRewriter(format, model);
  let out = '';
  let rawChunks = 0;
  for (const text of chunks) {
    const raw = Buffer.from(text);
    const sent = rewriter.chunk(raw, parser.push(raw));
    if (sent === raw) rawChunks++;
    out += sent.toString();
  }
  return { out: out + rewriter.end(parser.end()), rawChunks };
}

function every(text: string, step: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += step) out.push(text.slice(i, i + step));
  return out;
}

const ANTHROPIC = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-up","content":[]}}\n\n',
  'event: ping\ndata: {"type":"ping"}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"the \\"model\\":\\"claude-up\\" stays"}}\n\n',
  ': keep-alive\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
];

test('Anthropic: message_start is rewritten, later chunks go out as the upstream sent them', () => {
  const { out, rawChunks } = relay('anthropic', 'my-combo', ANTHROPIC);
  assert.equal(out, ANTHROPIC.join('').replace('"model":"claude-up"', '"model":"my-combo"'));
  assert.equal(rawChunks, ANTHROPIC.length - 1);
});

test('an event split across chunks at any byte comes out whole and rewritten', () => {
  const whole = ANTHROPIC.join('');
  const expected = whole.replace('"model":"claude-up"', '"model":"my-combo"');
  for (const step of [1, 2, 3, 7, 50, 64]) {
    const { out } = relay('anthropic', 'my-combo', every(whole, step));
    const parsed = new SseParser();
    // Comments may be dropped where a chunk had to be framed again; events never are.
    assert.deepEqual(parsed.push(out).concat(parsed.end()), new SseParser().push(expected), `step ${step}`);
  }
});

test('OpenAI Chat: every chunk carries the requested name; [DONE] stays', () => {
  const chunks = [
    'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-up","choices":[{"index":0,"delta":{"content":"\\"model\\":\\"gpt-up\\""}}]}\n\n',
    'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-up","choices":[],"usage":{"prompt_tokens":1}}\n\ndata: [DONE]\n\n',
  ];
  const { out } = relay('openai-chat', 'alias', chunks);
  const events = new SseParser().push(out);
  assert.equal(events.length, 3);
  assert.equal(JSON.parse(events[0]!.data).model, 'alias');
  assert.equal(JSON.parse(events[0]!.data).choices[0].delta.content, '"model":"gpt-up"');
  assert.equal(JSON.parse(events[1]!.data).model, 'alias');
  assert.equal(events[2]!.data, '[DONE]');
});

test('Responses: the response object events are rewritten, deltas are not touched', () => {
  const created = 'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"r","object":"response","model":"resp-up","output":[]}}\n\n';
  const delta = 'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"delta":"hi"}\n\n';
  const completed =
    'event: response.completed\ndata: {"type":"response.completed","sequence_number":2,"response":{"id":"r","model":"resp-up","output":[{"type":"function_call","arguments":"{\\"model\\":\\"resp-up\\"}"}]}}\n\n';
  const { out, rawChunks } = relay('openai-responses', 'team/coder', [created, delta, completed]);
  assert.equal(rawChunks, 1);
  const events = new SseParser().push(out);
  assert.equal(JSON.parse(events[0]!.data).response.model, 'team/coder');
  assert.equal(events[1]!.data, '{"type":"response.output_text.delta","sequence_number":1,"delta":"hi"}');
  assert.equal(JSON.parse(events[2]!.data).response.model, 'team/coder');
  assert.equal(JSON.parse(events[2]!.data).response.output[0].arguments, '{"model":"resp-up"}');
});

test('Gemini: modelVersion in every chunk, CRLF framing and a final event without its blank line', () => {
  const chunks = ['data: {"candidates":[],"modelVersion":"gem-up"}\r\n\r\n', 'data: {"candidates":[],"modelVersion":"gem-up"}'];
  const { out } = relay('gemini', 'g-alias', chunks);
  assert.equal(out, 'data: {"candidates":[],"modelVersion":"g-alias"}\n\ndata: {"candidates":[],"modelVersion":"g-alias"}\n\n');
});

test('a data field on several lines is framed back on several lines', () => {
  const { out } = relay('openai-chat', 'alias', ['data: {"model":"up",\ndata: "choices":[]}\n\n']);
  assert.equal(out, 'data: {"model":"alias",\ndata: "choices":[]}\n\n');
});

test('non-streamed bodies: each format names its model in its own field', () => {
  assert.equal(rewriteBodyModel('anthropic', '{"id":"m","model":"up","content":[{"type":"tool_use","input":{"model":"up"}}]}', 'c'), '{"id":"m","model":"c","content":[{"type":"tool_use","input":{"model":"up"}}]}');
  assert.equal(rewriteBodyModel('openai-chat', '{"model": "up"}', 'c'), '{"model": "c"}');
  assert.equal(rewriteBodyModel('openai-responses', '{"model":"up","output":[]}', 'c'), '{"model":"c","output":[]}');
  assert.equal(rewriteBodyModel('gemini', '{\n  "modelVersion": "up"\n}', 'c'), '{\n  "modelVersion": "c"\n}');
});

test('Ollama NDJSON: every line gets the asked name, whatever the chunking; unchanged chunks stay raw', async () => {
  const { NdjsonSplitter } = await import('../sse/ndjson.js');
  const { streamModelRewriter } = await import('./model-rewrite.js');
  const lines = [
    '{"model":"llama3.2","created_at":"t","message":{"role":"assistant","content":"the \\"model\\":\\"llama3.2\\" stays"},"done":false}\n',
    '{"error":"boom"}\n',
    '{"model":"llama3.2","created_at":"t","message":{"role":"assistant","content":""},"done":true,"eval_count":3}\n',
  ];
  const text = lines.join('');
  const expected = text.replaceAll('{"model":"llama3.2"', '{"model":"my-combo"');
  for (const step of [1, 7, text.length]) {
    const splitter = new NdjsonSplitter();
    const rewriter = streamModelRewriter('ollama', 'my-combo');
    let out = '';
    for (let i = 0; i < text.length; i += step) {
      const raw = Buffer.from(text.slice(i, i + step));
      out += rewriter.chunk(raw, splitter.push(raw)).toString();
    }
    out += rewriter.end(splitter.end());
    assert.equal(out, expected, `step ${step}`);
  }
  // The asked name is the upstream's own: the bytes go out as they came.
  const same = streamModelRewriter('ollama', 'llama3.2');
  const raw = Buffer.from(text);
  assert.equal(same.chunk(raw, new NdjsonSplitter().push(raw)), raw);
});
