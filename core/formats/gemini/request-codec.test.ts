import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../canonical.js';
import { PLACEHOLDER_THOUGHT_SIGNATURE } from './thought-signature.js';
import { decodeRequest } from './request-decode.js';
import { encodeRequest } from './request-encode.js';

const ctx = { requestId: 'q1', now: 1_700_000_000_000 };

function decodeOk(body: unknown, pathModel = 'gemini-2.5-pro'): CanonicalRequest {
  const result = decodeRequest(body, { ...ctx, pathModel });
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

test('a Gemini-native request survives encode then decode', () => {
  const request: CanonicalRequest = {
    model: 'gemini-2.5-pro',
    system: [{ type: 'text', text: 'Be terse.' }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', text: 'Need the tool.', signature: 'SIG1', origin: 'gemini' },
          { type: 'text', text: 'Checking.' },
          { type: 'thinking', text: '', signature: 'SIG2', origin: 'gemini' },
          { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'SIG3', origin: 'gemini' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolCallId: 'c1', name: 'get_weather', content: [{ type: 'text', text: '{"temp":18}' }] },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ],
    stream: false,
    tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    toolChoice: { type: 'tool', name: 'get_weather' },
    maxTokens: 100,
    temperature: 0.5,
    topP: 0.9,
    topK: 3,
    stop: ['x'],
    seed: 7,
    presencePenalty: 0.1,
    frequencyPenalty: 0.2,
    responseFormat: { type: 'json_schema', name: 'response', schema: { type: 'object' } },
    reasoning: { enabled: true, budgetTokens: 512, includeThoughts: true },
  };
  const body = encodeRequest(request, { ...ctx, model: 'gemini-2.5-pro' });
  assert.equal('model' in body, false);
  assert.equal('stream' in body, false);
  assert.deepEqual(decodeOk(JSON.parse(JSON.stringify(body)) as unknown), request);
});

test('signatures of other formats are dropped; unsigned model calls get the documented placeholder', () => {
  const body = encodeRequest(
    {
      model: 'm',
      system: [],
      stream: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', text: 'claude thoughts', signature: 'anthropic-sig', origin: 'anthropic' },
            { type: 'tool_call', id: 'a', name: 'f', arguments: '{}', signature: 'x', origin: 'openai-responses' },
            { type: 'tool_call', id: 'b', name: 'f', arguments: '{}' },
          ],
        },
      ],
    },
    { ...ctx, model: 'm' },
  );
  assert.deepEqual(body.contents, [
    { role: 'user', parts: [{ text: 'go' }] },
    {
      role: 'model',
      parts: [
        { functionCall: { id: 'a', name: 'f', args: {} }, thoughtSignature: PLACEHOLDER_THOUGHT_SIGNATURE },
        { functionCall: { id: 'b', name: 'f', args: {} } },
      ],
    },
  ]);
});

test('function responses without ids answer the earliest unanswered call of that name, turn by turn', () => {
  const call = (city: string) => ({ functionCall: { name: 'get_weather', args: { city } } });
  const answer = (text: string) => ({ functionResponse: { name: 'get_weather', response: { output: text } } });
  const request = decodeOk({
    contents: [
      { role: 'user', parts: [{ text: 'Paris?' }] },
      { role: 'model', parts: [call('Paris')] },
      { role: 'user', parts: [answer('18C')] },
      { role: 'model', parts: [call('Rome'), call('Oslo')] },
      { role: 'user', parts: [answer('24C'), answer('2C')] },
    ],
  });
  const pairs = request.messages.flatMap((m) =>
    m.content.flatMap((p) => (p.type === 'tool_call' ? [`call ${p.id}`] : p.type === 'tool_result' ? [`result ${p.toolCallId}`] : [])),
  );
  assert.deepEqual(pairs, ['call call_q1_0', 'result call_q1_0', 'call call_q1_1', 'call call_q1_2', 'result call_q1_1', 'result call_q1_2']);
});

test('a functionResponse id that matches no call falls back to the name', () => {
  const request = decodeOk({
    contents: [
      { role: 'model', parts: [{ functionCall: { id: 'real', name: 'f', args: {} } }] },
      { role: 'user', parts: [{ functionResponse: { id: 'stale', name: 'f', response: { output: 1 } } }] },
    ],
  });
  const result = request.messages[1]?.content[0];
  assert.ok(result?.type === 'tool_result');
  assert.equal(result.toolCallId, 'real');
});

test('snake_case field names are read, but keys inside args, responses and schemas are left alone', () => {
  const request = decodeOk({
    contents: [
      { role: 'model', parts: [{ function_call: { name: 'f', args: { file_path: 'a' } }, thought_signature: 'S' }] },
      { role: 'user', parts: [{ function_response: { name: 'f', response: { exit_code: 0 } } }] },
    ],
    tools: [{ function_declarations: [{ name: 'f', parameters_json_schema: { type: 'object', properties: { file_path: { type: 'string' } } } }] }],
    generation_config: { response_mime_type: 'application/json', response_json_schema: { type: 'object', properties: { max_items: { type: 'string' } } } },
  });
  assert.deepEqual(request.messages[0]?.content, [
    { type: 'tool_call', id: 'call_q1_0', name: 'f', arguments: '{"file_path":"a"}', signature: 'S', origin: 'gemini' },
  ]);
  assert.deepEqual(request.messages[1]?.content[0], {
    type: 'tool_result',
    toolCallId: 'call_q1_0',
    name: 'f',
    content: [{ type: 'text', text: '{"exit_code":0}' }],
  });
  assert.deepEqual(request.tools?.[0]?.parameters, { type: 'object', properties: { file_path: { type: 'string' } } });
  assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'response', schema: { type: 'object', properties: { max_items: { type: 'string' } } } });
});

test('reasoning settings map both ways', () => {
  const cases: Array<[Record<string, unknown>, CanonicalRequest['reasoning']]> = [
    [{ thinkingBudget: 0 }, { enabled: false }],
    [{ thinkingBudget: -1 }, { enabled: true }],
    [{ thinkingBudget: 300, includeThoughts: false }, { enabled: true, budgetTokens: 300, includeThoughts: false }],
    [{ thinkingLevel: 'LOW' }, { enabled: true, effort: 'low' }],
    [{ includeThoughts: false }, undefined],
  ];
  for (const [thinkingConfig, expected] of cases) {
    const request = decodeOk({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { thinkingConfig } });
    assert.deepEqual(request.reasoning, expected, JSON.stringify(thinkingConfig));
  }
  const encode = (reasoning: CanonicalRequest['reasoning']) =>
    encodeRequest({ model: 'm', system: [], messages: [], stream: false, reasoning }, { ...ctx, model: 'm' }).generationConfig;
  assert.deepEqual(encode({ enabled: true, effort: 'low' }), { thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
  assert.deepEqual(encode({ enabled: true }), { thinkingConfig: { thinkingBudget: -1, includeThoughts: true } });
  assert.deepEqual(encode({ enabled: false, effort: 'high' }), { thinkingConfig: { thinkingBudget: 0 } });
});

test('what Gemini cannot carry is reported through ctx.warn', () => {
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
  };
  const body = encodeRequest(
    {
      model: 'm',
      system: [],
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Start rules.' }] },
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', text: 'claude', signature: 'sig', origin: 'anthropic' },
            { type: 'redacted_thinking', data: 'x' },
            { type: 'tool_call', id: 'a', name: 'f', arguments: '{}' },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', toolCallId: 'a', name: 'f', content: [{ type: 'text', text: 'ok' }] }] },
        { role: 'system', content: [{ type: 'text', text: 'Plan mode.' }] },
      ],
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      parallelToolCalls: false,
      webSearch: { maxUses: 2 },
    },
    { ...ctx, model: 'm', warn },
  );
  assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Start rules.' }, { text: 'Plan mode.' }] });
  assert.deepEqual(body.tools, [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object' } }] }]);
  assert.deepEqual(warnings, [
    'messages: 2 reasoning block(s) from other providers not sent: Gemini reads only its own thinking',
    'messages[4]: system message moved to systemInstruction: Gemini has no system role between turns',
    'webSearch: dropped: Gemini does not take googleSearch together with function declarations',
    'parallelToolCalls: not carried: Gemini has no setting to forbid parallel function calls',
  ]);
});

test('web search alone becomes googleSearch; its filters are reported', () => {
  const warnings: string[] = [];
  const body = encodeRequest(
    { model: 'm', system: [], stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'news' }] }], webSearch: { allowedDomains: ['a.com'] }, toolChoice: { type: 'auto' } },
    { ...ctx, model: 'm', warn: (m) => warnings.push(m) },
  );
  assert.deepEqual(body.tools, [{ googleSearch: {} }]);
  assert.equal('toolConfig' in body, false, 'Gemini refuses a functionCallingConfig without function declarations');
  assert.deepEqual(warnings, ["webSearch.allowedDomains: not carried: Gemini's googleSearch has no such setting"]);
});

test('a liberal decode: unknown tool modes, thinking levels and budgets are warnings, numeric strings are numbers', () => {
  const request = decodeOk({
    contents: [{ parts: [{ text: 'x' }] }],
    toolConfig: { functionCallingConfig: { mode: 'SOMETHING_NEW' } },
    generationConfig: { temperature: '0.5', thinkingConfig: { thinkingLevel: 'ULTRA', thinkingBudget: -7, includeThoughts: true } },
    systemInstruction: { parts: [{ text: 'Be brief.' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] },
  });
  assert.equal(request.temperature, 0.5);
  assert.equal(request.toolChoice, undefined);
  assert.deepEqual(request.reasoning, { enabled: true, includeThoughts: true });
  assert.deepEqual(request.system, [{ type: 'text', text: 'Be brief.' }]);
  assert.deepEqual(request.warnings, [
    'systemInstruction.parts[1]: only text is carried by translation; part dropped',
    "toolConfig.functionCallingConfig.mode: 'SOMETHING_NEW' is not carried by translation; the default (AUTO) applies",
    'generationConfig.thinkingConfig.thinkingBudget: -7 is not a budget (-1 dynamic, 0 off, or a token count); ignored',
    "generationConfig.thinkingConfig.thinkingLevel: 'ULTRA' is not carried by translation; ignored",
  ]);
});
