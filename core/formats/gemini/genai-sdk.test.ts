/**
 * Serves what the Gemini encoders produce from a 127.0.0.1 server and reads it with the
 * official @google/genai client, so the wire shape is checked by Google's own parser. The
 * request body the SDK sends is fed to decodeRequest as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, GoogleGenAI, Type, type GenerateContentResponse } from '@google/genai';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { geminiCodec } from './index.js';
import { wrapThoughtSignature } from './thought-signature.js';

const ctx = { requestId: 'sdk01', now: 1_700_000_000_000 };

interface Seen {
  path: string;
  body: unknown;
}

async function withServer(
  reply: (seen: Seen, res: ServerResponse) => void,
  run: (baseUrl: string, seen: Seen[]) => Promise<void>,
): Promise<void> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const entry = { path: req.url ?? '', body: JSON.parse(raw) as unknown };
      seen.push(entry);
      reply(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}`, seen);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function client(baseUrl: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl } });
}

/** The model path segment and stream flag the gateway's router would take from the URL. */
function pathOf(path: string): { pathModel: string; pathStream: boolean } {
  const match = /^\/v1beta\/models\/(.+):(generateContent|streamGenerateContent)/.exec(path);
  assert.ok(match?.[1] !== undefined, `unexpected path ${path}`);
  return { pathModel: decodeURIComponent(match[1]), pathStream: match[2] === 'streamGenerateContent' };
}

function serveStream(events: StreamEvent[], request: CanonicalRequest) {
  return (_seen: Seen, res: ServerResponse): void => {
    const encoder = geminiCodec.createStreamEncoder({ ...ctx, model: 'gemini-2.5-pro', request });
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) res.write(encoder.push(event));
    res.end();
  };
}

const baseRequest: CanonicalRequest = { model: 'gemini-2.5-pro', system: [], messages: [], stream: true };

test('genai SDK streams text, thoughts, function calls and usage from the stream encoder', async () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'msg_x', model: 'claude', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'thinking', origin: 'gemini' } },
    { type: 'delta', index: 0, delta: { type: 'thinking', text: 'Let me look.' } },
    { type: 'delta', index: 0, delta: { type: 'signature', signature: 'SIG_T', origin: 'gemini' } },
    { type: 'part_end', index: 0 },
    { type: 'part_start', index: 1, part: { type: 'text' } },
    { type: 'delta', index: 1, delta: { type: 'text', text: 'Checking ' } },
    { type: 'delta', index: 1, delta: { type: 'text', text: 'the weather.' } },
    { type: 'part_end', index: 1 },
    { type: 'part_start', index: 2, part: { type: 'tool_call', id: 'toolu_1', name: 'get_weather' } },
    { type: 'delta', index: 2, delta: { type: 'arguments', json: '{"city":' } },
    { type: 'delta', index: 2, delta: { type: 'arguments', json: ' "Paris", "days": [1, 2]}' } },
    { type: 'part_end', index: 2 },
    { type: 'part_start', index: 3, part: { type: 'tool_call', id: 'toolu_2', name: 'list_tasks', signature: 'SIG_C', origin: 'gemini' } },
    { type: 'part_end', index: 3 },
    { type: 'usage', usage: { inputTokens: 120, outputTokens: 45, reasoningTokens: 30, cachedInputTokens: 100 } },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ];
  const request = { ...baseRequest, reasoning: { enabled: true, includeThoughts: true } };
  await withServer(serveStream(events, request), async (baseUrl, seen) => {
    const stream = await client(baseUrl).models.generateContentStream({
      model: 'deepseek/deepseek-chat',
      contents: 'Weather in Paris?',
      config: {
        systemInstruction: 'Be brief.',
        thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },
        tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } } }] }],
      },
    });
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    const thoughts = parts.filter((p) => p.thought === true).map((p) => p.text ?? '').join('');
    assert.equal(thoughts, 'Let me look.');
    // Read parts, not the SDK's `.text` getter, which warns when a chunk also holds a functionCall.
    const text = parts.filter((p) => p.thought !== true && p.text !== undefined).map((p) => p.text).join('');
    assert.equal(text, 'Checking the weather.');
    assert.deepEqual(
      chunks.flatMap((c) => c.functionCalls ?? []),
      [
        { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris', days: [1, 2] } },
        { id: 'toolu_2', name: 'list_tasks', args: {} },
      ],
    );
    assert.deepEqual(
      parts.filter((p) => p.thoughtSignature !== undefined).map((p) => p.thoughtSignature),
      // The first call, which Gemini did not sign, gets the gateway's "no signature" value.
      ['SIG_T', wrapThoughtSignature(undefined, undefined), 'SIG_C'],
    );
    const last = chunks[chunks.length - 1];
    assert.equal(last?.candidates?.[0]?.finishReason, 'STOP');
    assert.equal(last?.responseId, 'sdk01');
    assert.equal(last?.modelVersion, 'gemini-2.5-pro');
    assert.equal(last?.usageMetadata?.promptTokenCount, 120);
    assert.equal(last?.usageMetadata?.candidatesTokenCount, 15);
    assert.equal(last?.usageMetadata?.thoughtsTokenCount, 30);
    assert.equal(last?.usageMetadata?.cachedContentTokenCount, 100);
    assert.equal(last?.usageMetadata?.totalTokenCount, 165);

    // What the SDK sent decodes into the request the gateway would route.
    const sent = seen[0];
    assert.ok(sent !== undefined);
    const path = pathOf(sent.path);
    assert.deepEqual(path, { pathModel: 'deepseek/deepseek-chat', pathStream: true });
    const decoded = geminiCodec.decodeRequest(sent.body, { ...ctx, ...path });
    assert.ok(decoded.ok, JSON.stringify(decoded));
    assert.equal(decoded.value.model, 'deepseek/deepseek-chat');
    assert.equal(decoded.value.stream, true);
    assert.deepEqual(decoded.value.system, [{ type: 'text', text: 'Be brief.' }]);
    assert.deepEqual(decoded.value.messages, [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }]);
    assert.deepEqual(decoded.value.reasoning, { enabled: true, budgetTokens: 1024, includeThoughts: true });
    assert.deepEqual(decoded.value.tools, [
      { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
    ]);
  });
});

test('genai SDK surfaces an in-stream error event as an ApiError after the text before it', async () => {
  const events: StreamEvent[] = [
    { type: 'start', id: 'x', model: 'm', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'text' } },
    { type: 'delta', index: 0, delta: { type: 'text', text: 'partial' } },
    { type: 'error', error: { status: 503, kind: 'overloaded', message: 'try later' } },
  ];
  await withServer(serveStream(events, baseRequest), async (baseUrl) => {
    const stream = await client(baseUrl).models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'hi' });
    const texts: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.text ?? '');
      })(),
      (error: unknown) => error instanceof ApiError && error.status === 503 && error.message.includes('try later'),
    );
    assert.deepEqual(texts, ['partial']);
  });
});

test('genai SDK reads encodeResponse and encodeError bodies', async () => {
  const response: CanonicalResponse = {
    id: 'x',
    model: 'm',
    created: 1,
    content: [
      { type: 'text', text: 'Sunny.' },
      { type: 'tool_call', id: 'c1', name: 'log', arguments: '{"level":"info"}' },
    ],
    stopReason: 'tool_use',
    usage: { inputTokens: 10, outputTokens: 4 },
  };
  let calls = 0;
  const reply = (_seen: Seen, res: ServerResponse): void => {
    calls += 1;
    if (calls === 1) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(geminiCodec.encodeResponse(response, { ...ctx, model: 'gemini-2.5-pro', request: { ...baseRequest, stream: false } })));
      return;
    }
    const { status, body } = geminiCodec.encodeError({ status: 429, kind: 'rate_limit', message: 'slow down', retryAfter: 5 });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  await withServer(reply, async (baseUrl, seen) => {
    const ai = client(baseUrl);
    const result = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'Weather?' });
    assert.deepEqual(result.candidates?.[0]?.content?.parts?.[0], { text: 'Sunny.' });
    assert.deepEqual(result.functionCalls, [{ id: 'c1', name: 'log', args: { level: 'info' } }]);
    assert.equal(result.usageMetadata?.totalTokenCount, 14);
    assert.equal(pathOf(seen[0]?.path ?? '').pathStream, false);
    await assert.rejects(
      ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'again' }),
      (error: unknown) => error instanceof ApiError && error.status === 429 && error.message.includes('slow down'),
    );
  });
});
