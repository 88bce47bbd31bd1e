// The mock's Gemini endpoints, driven by the official @google/genai SDK (no retryOptions, so
// the SDK makes exactly one attempt) and by raw fetch where the SDK would not send the body.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, GoogleGenAI, Type, type Content, type GenerateContentResponse } from '@google/genai';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let ai: GoogleGenAI;
const tools = [
  {
    functionDeclarations: [
      { name: 'get_weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } } },
      { name: 'get_time' },
    ],
  },
];

before(async () => {
  mock = await startMockUpstream();
  ai = new GoogleGenAI({ apiKey: 'g-key', httpOptions: { baseUrl: mock.url } });
});
after(() => mock.close());

async function post(path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'k' }): Promise<Response> {
  return fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function rejected(body: unknown, message: RegExp): Promise<void> {
  const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', body);
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { code: number; status: string; message: string } }).error;
  assert.equal(err.code, 400);
  assert.equal(err.status, 'INVALID_ARGUMENT');
  assert.match(err.message, message);
}

const hi: Content[] = [{ role: 'user', parts: [{ text: 'hi' }] }];

test('generateContent text reply with usageMetadata in Gemini semantics', async () => {
  mock.reset();
  const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi there', config: { systemInstruction: 'Be brief' } });
  assert.equal(res.text, 'Hello! You said: hi there');
  assert.equal(res.candidates?.[0]?.finishReason, 'STOP');
  assert.equal(res.usageMetadata?.promptTokenCount, 14);
  assert.equal(res.usageMetadata?.cachedContentTokenCount, 3);
  assert.equal(res.usageMetadata?.candidatesTokenCount, 5);
  assert.equal(res.usageMetadata?.totalTokenCount, 19);
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'gemini');
  assert.equal(rec?.model, 'gemini-2.5-flash');
  assert.equal(rec?.apiKey, 'g-key');
  assert.equal(rec?.stream, false);
});

test('generateContentStream: text over several chunks, finishReason and usage on the last', async () => {
  const chunks: GenerateContentResponse[] = [];
  for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'stream me' })) chunks.push(c);
  assert.ok(chunks.length >= 2);
  assert.equal(chunks.map((c) => c.text ?? '').join(''), 'Hello! You said: stream me');
  const last = chunks[chunks.length - 1];
  assert.equal(last?.candidates?.[0]?.finishReason, 'STOP');
  assert.equal(last?.usageMetadata?.candidatesTokenCount, 5);
  assert.ok(chunks.slice(0, -1).every((c) => c.usageMetadata === undefined && c.candidates?.[0]?.finishReason === undefined));
  const rec = mock.requests[mock.requests.length - 1];
  assert.equal(rec?.stream, true);
  assert.match(rec?.path ?? '', /:streamGenerateContent\?alt=sse$/);
});

test('function calling round trip; the call arrives whole when streaming', async () => {
  const user: Content = { role: 'user', parts: [{ text: 'weather in Paris?' }] };
  const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: [user], config: { tools } });
  assert.deepEqual(res.functionCalls, [{ name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } }]);
  assert.equal(res.candidates?.[0]?.finishReason, 'STOP');
  assert.equal(res.usageMetadata?.candidatesTokenCount, 5);

  const calls = [];
  for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: [user], config: { tools } })) {
    calls.push(...(c.functionCalls ?? []));
  }
  assert.deepEqual(calls, [{ name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } }]);

  const model = res.candidates?.[0]?.content;
  assert.ok(model);
  const second = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    config: { tools },
    contents: [user, model, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: '21C' } } }] }],
  });
  assert.equal(second.text, 'Tool said: {"temp":"21C"}');
});

test('thinking: a thought part and a thoughtSignature that round-trips and fails when corrupted', async () => {
  const config = { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } };
  const res = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: hi, config });
  const parts = res.candidates?.[0]?.content?.parts ?? [];
  assert.equal(parts[0]?.thought, true);
  assert.equal(parts[0]?.text, 'Let me think about this.');
  assert.equal(typeof parts[1]?.thoughtSignature, 'string');
  assert.equal(res.usageMetadata?.thoughtsTokenCount, 5);
  assert.equal(res.usageMetadata?.candidatesTokenCount, 4);
  assert.equal(res.usageMetadata?.totalTokenCount, 11 + 9);

  const model = res.candidates?.[0]?.content;
  assert.ok(model);
  const again = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: [...hi, model, { role: 'user', parts: [{ text: 'ok' }] }], config });
  assert.equal(again.text, 'Hello! You said: ok');

  const forged: Content = { role: 'model', parts: parts.map((p) => (p.thoughtSignature ? { ...p, thoughtSignature: `x${p.thoughtSignature}` } : p)) };
  await assert.rejects(
    ai.models.generateContent({ model: 'gemini-2.5-pro', contents: [...hi, forged, { role: 'user', parts: [{ text: 'ok' }] }], config }),
    (err: unknown) => err instanceof ApiError && err.status === 400 && /Corrupted thought signature/.test(err.message),
  );

  const streamed = [];
  for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-pro', contents: hi, config })) {
    streamed.push(...(c.candidates?.[0]?.content?.parts ?? []));
  }
  assert.equal(streamed[0]?.thought, true);
  assert.equal(typeof streamed[1]?.thoughtSignature, 'string');
});

test('images: inlineData reports type and size, fileData says url', async () => {
  const res = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/webp', data: Buffer.from('abcdefg').toString('base64') } }] }],
  });
  assert.equal(res.text, 'I see an image (image/webp, 7 bytes)');
  assert.equal(res.usageMetadata?.promptTokenCount, 85 + 10);
  const url = await ai.models.generateContent({
    model: 'gemini-2.5-flash',
    contents: [{ role: 'user', parts: [{ fileData: { mimeType: 'image/png', fileUri: 'https://example.invalid/a.png' } }] }],
  });
  assert.equal(url.text, 'I see an image (url)');
});

test('rejects unknown names, bad roles and broken function turns like the real API', async () => {
  await rejected({ contents: hi, stream: true }, /Unknown name "stream": Cannot find field\./);
  await rejected({ contents: hi, model: 'gemini-2.5-flash' }, /Unknown name "model"/);
  await rejected({ contents: hi, generationConfig: { max_tokens: 5 } }, /Unknown name "max_tokens" at 'generation_config': Cannot find field\./);
  await rejected(
    { contents: hi, tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'object', additionalProperties: false } }] }] },
    /Unknown name "additionalProperties" at 'tools\[0\]\.function_declarations\[0\]\.parameters'/,
  );
  await rejected(
    { contents: hi, tools: [{ function_declarations: [{ name: 'f', parameters: { type: 'object', properties: { a: { type: ['string', 'null'] } } } }] }] },
    /Unknown name "type" at 'tools\[0\]\.function_declarations\[0\]\.parameters\.properties\[0\]\.value': Proto field is not repeating/,
  );
  await rejected({ contents: [] }, /contents is not specified/);
  await rejected({ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, /Please use a valid role: user, model\./);
  await rejected(
    { contents: [...hi, { role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }] },
    /function response turn comes immediately after a function call turn/,
  );
  await rejected(
    {
      contents: [
        ...hi,
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }, { functionCall: { name: 'f', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] },
      ],
    },
    /number of function response parts is equal to the number of function call parts/,
  );
  await rejected({ contents: [...hi, { role: 'model', parts: [{ text: 'x', thoughtSignature: 'bm90LW1pbmU=' }] }, ...hi] }, /Corrupted thought signature/);
  // snake_case names are the proto's own and are accepted.
  const snake = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: hi, generation_config: { max_output_tokens: 10 } });
  assert.equal(snake.status, 200);
});

test('keys: header or ?key=; missing is 401; the model may contain a slash; no alt=sse streams a JSON array', async () => {
  const missing = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: hi }, {});
  assert.equal(missing.status, 401);
  assert.equal(((await missing.json()) as { error: { status: string } }).error.status, 'UNAUTHENTICATED');

  mock.reset();
  const viaQuery = await post('/v1beta/models/gc/gemini-2.5-pro:generateContent?key=qk', { contents: hi }, {});
  assert.equal(viaQuery.status, 200);
  assert.equal(mock.requests[0]?.apiKey, 'qk');
  assert.equal(mock.requests[0]?.model, 'gc/gemini-2.5-pro');

  const array = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent', { contents: hi });
  const chunks = (await array.json()) as GenerateContentResponse[];
  assert.ok(Array.isArray(chunks) && chunks.length >= 2);
  assert.equal(chunks[chunks.length - 1]?.candidates?.[0]?.finishReason, 'STOP');

  const list = await ai.models.list();
  const names: string[] = [];
  for await (const m of list) names.push(m.name ?? '');
  assert.ok(names.includes('models/gemini-2.5-flash'));
});

test("the documented 'skip_thought_signature_validator' signature is accepted on foreign history", async () => {
  const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', {
    contents: [...hi, { role: 'model', parts: [{ text: 'from another model', thoughtSignature: 'skip_thought_signature_validator' }] }, ...hi],
  });
  assert.equal(res.status, 200);
});

async function errorOf(res: Response): Promise<{ code: number; status: string; message: string }> {
  return ((await res.json()) as { error: { code: number; status: string; message: string } }).error;
}

const weather: Content = { role: 'user', parts: [{ text: 'weather in Paris?' }] };
const callTurn = (thoughtSignature?: string): Content => ({
  role: 'model',
  parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, ...(thoughtSignature !== undefined ? { thoughtSignature } : {}) }],
});
const resultTurn: Content = { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: '18C' } } }] };

test('Gemini 3 (and every non-1.x/2.x mock model) refuses a current-turn function call without its thought signature', async () => {
  for (const model of ['gemini-3-pro-preview', 'mock-gemini-1']) {
    const res = await post(`/v1beta/models/${model}:generateContent`, { contents: [weather, callTurn(), resultTurn], tools });
    assert.equal(res.status, 400);
    const err = await errorOf(res);
    assert.equal(err.status, 'INVALID_ARGUMENT');
    assert.equal(
      err.message,
      'Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:get_weather` , position 2. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.',
    );
  }
  // Gemini 2.5 does not enforce it.
  const older = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [weather, callTurn(), resultTurn], tools });
  assert.equal(older.status, 200);
});

test('both documented placeholders pass, older turns are not validated, and later parallel calls need none', async () => {
  for (const placeholder of ['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']) {
    const res = await post('/v1beta/models/gemini-3-pro-preview:generateContent', { contents: [weather, callTurn(placeholder), resultTurn], tools });
    assert.equal(res.status, 200, placeholder);
  }
  const oldTurn = await post('/v1beta/models/gemini-3-pro-preview:generateContent', {
    contents: [weather, callTurn(), resultTurn, { role: 'model', parts: [{ text: '18C.' }] }, { role: 'user', parts: [{ text: 'thanks' }] }],
    tools,
  });
  assert.equal(oldTurn.status, 200, 'a turn before the last user text is history, not validated');
  const parallel = await post('/v1beta/models/gemini-3-pro-preview:generateContent', {
    contents: [
      weather,
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: {} } }, { functionResponse: { name: 'get_time', response: {} } }] },
    ],
    tools,
  });
  assert.equal(parallel.status, 200);
  // The second step of the current turn is checked as well.
  const second = await post('/v1beta/models/gemini-3-pro-preview:generateContent', {
    contents: [weather, callTurn('skip_thought_signature_validator'), resultTurn, callTurn(), resultTurn],
    tools,
  });
  assert.match((await errorOf(second)).message, /position 4\./);
});

test('Gemini 3 signs every function call it makes, and takes its signatures back', async () => {
  const first = await ai.models.generateContent({ model: 'gemini-3-pro-preview', contents: [weather], config: { tools } });
  const turn = first.candidates?.[0]?.content;
  assert.equal(typeof turn?.parts?.[0]?.thoughtSignature, 'string');
  assert.ok(turn);
  const second = await ai.models.generateContent({ model: 'gemini-3-pro-preview', contents: [weather, turn, resultTurn], config: { tools } });
  assert.match(second.text ?? '', /^Tool said: /);
});

test('built-in tools with function declarations: refused on 2.x, and on Gemini 3 without server-side tool invocations', async () => {
  const body = { contents: hi, tools: [...tools, { googleSearch: {} }] };
  assert.match((await errorOf(await post('/v1beta/models/gemini-2.5-flash:generateContent', body))).message, /^Tool use with function calling is unsupported$/);
  assert.match((await errorOf(await post('/v1beta/models/gemini-3-pro-preview:generateContent', body))).message, /include_server_side_tool_invocations/);
  const allowed = await post('/v1beta/models/gemini-3-pro-preview:generateContent', { ...body, toolConfig: { includeServerSideToolInvocations: true } });
  assert.equal(allowed.status, 200);
  const searchOnly = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: hi, tools: [{ googleSearch: {} }] });
  assert.equal(searchOnly.status, 200);
});
