/**
 * Thought signatures across formats, through the real gateway and the strict mock:
 *  (a) Anthropic and Responses clients run tool loops against a Gemini upstream that, like
 *      Gemini 3, refuses a current-turn functionCall without its thoughtSignature;
 *  (b) a Gemini client (@google/genai, and Gemini CLI's way of keeping history) runs tool
 *      loops against the other upstreams, gets a thoughtSignature on its functionCall parts,
 *      and the upstream gets its own reasoning signatures back on the next turn.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GoogleGenAI } from '@google/genai';
import type { Content, GenerateContentConfig, GenerateContentResponse, Part } from '@google/genai';
import { anthropicDriver } from './clients/anthropic.js';
import { openaiResponsesDriver } from './clients/openai-responses.js';
import { TOOL_RESULT, WEATHER_PROMPT, WEATHER_TOOL } from './clients/types.js';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { type HarnessFormat } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const FINAL = new RegExp(`^Tool said: .*${TOOL_RESULT}`);
const geminiModel = UPSTREAMS.gemini.model;

type Json = Record<string, unknown>;

function bodyOf(format: HarnessFormat): Json {
  return lastUpstreamRequest(h.mock, UPSTREAMS[format].apiKey).body as Json;
}

describe('clients translated into a Gemini upstream that enforces thought signatures', () => {
  test('the upstream model refuses an unsigned current-turn function call (what the loops below must avoid)', async () => {
    const res = await fetch(`${h.mock.url}/v1beta/models/${UPSTREAMS.gemini.upstreamModel}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': UPSTREAMS.gemini.apiKey },
      body: JSON.stringify({
        contents: [
          { role: 'user', parts: [{ text: WEATHER_PROMPT }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: TOOL_RESULT } } }] },
        ],
        tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: WEATHER_TOOL.parameters }] }],
      }),
    });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: { message: string } };
    assert.match(error.message, /^Function call is missing a thought_signature in functionCall parts\..*`default_api:get_weather` , position 2\./);
  });

  for (const streamed of [false, true]) {
    const how = streamed ? ' (streamed)' : '';
    test(`Anthropic client: two-turn tool loop${how}`, async () => {
      const r = await anthropicDriver(h.url).toolRoundTrip(geminiModel, streamed);
      assert.deepEqual(r.call.args, { city: 'Paris', unit: 'celsius' });
      assert.match(r.finalText, FINAL);
      assertCallSigned(bodyOf('gemini'));
    });

    test(`Responses client: two-turn tool loop${how}`, async () => {
      const r = await openaiResponsesDriver(h.url).toolRoundTrip(geminiModel, streamed);
      assert.deepEqual(r.call.args, { city: 'Paris', unit: 'celsius' });
      assert.match(r.finalText, FINAL);
      assertCallSigned(bodyOf('gemini'));
    });
  }

  test('Anthropic client with extended thinking: two-turn tool loop', async () => {
    const r = await anthropicDriver(h.url).thinkingToolRoundTrip(geminiModel);
    assert.ok(r.signature.length > 0);
    assert.match(r.finalText, FINAL);
    assertCallSigned(bodyOf('gemini'));
    // A client that thinks keeps the call's own signature (in a thinking block before the
    // tool_use), so Gemini gets it back rather than the placeholder. See also
    // claude-gemini-signatures.test.ts.
    assert.notEqual(firstCallPart(bodyOf('gemini'))?.thoughtSignature, 'skip_thought_signature_validator');
  });
});

function firstCallPart(body: Json): Json | undefined {
  const contents = body.contents as Array<{ role: string; parts: Json[] }>;
  return contents.find((c) => c.role === 'model')?.parts.find((p) => p.functionCall !== undefined);
}

/** The model turn the gateway sent Gemini carries a thoughtSignature on its first functionCall. */
function assertCallSigned(body: Json): void {
  const call = firstCallPart(body);
  assert.equal(typeof call?.thoughtSignature, 'string', JSON.stringify(body.contents));
}

interface GeminiLoop {
  /** The model turn of the first answer, as the client received it. */
  received: Content;
  finalText: string;
}

/**
 * A two-turn tool loop the way a Gemini client runs it. @google/genai keeps the model turn
 * whole; Gemini CLI keeps it without its thought parts (`stripThoughts`).
 */
async function geminiLoop(model: string, opts: { streamed: boolean; thinking: boolean; stripThoughts?: boolean }): Promise<GeminiLoop> {
  const ai = new GoogleGenAI({ apiKey: 'gateway-key', httpOptions: { baseUrl: h.url } });
  const config: GenerateContentConfig = {
    tools: [{ functionDeclarations: [{ name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, parametersJsonSchema: WEATHER_TOOL.parameters }] }],
    ...(opts.thinking ? { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } : {}),
  };
  const contents: Content[] = [{ role: 'user', parts: [{ text: WEATHER_PROMPT }] }];
  const parts: Part[] = [];
  if (opts.streamed) {
    for await (const chunk of await ai.models.generateContentStream({ model, contents, config })) parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
  } else {
    parts.push(...((await ai.models.generateContent({ model, contents, config })).candidates?.[0]?.content?.parts ?? []));
  }
  const received: Content = { role: 'model', parts };
  const call = parts.find((p) => p.functionCall)?.functionCall;
  if (!call?.name) throw new Error(`expected a function call, got ${JSON.stringify(parts)}`);
  contents.push({ role: 'model', parts: opts.stripThoughts === true ? parts.filter((p) => p.thought !== true) : parts });
  contents.push({ role: 'user', parts: [{ functionResponse: { ...(call.id ? { id: call.id } : {}), name: call.name, response: { result: TOOL_RESULT } } }] });
  let finalText = '';
  const text = (r: GenerateContentResponse): string =>
    (r.candidates?.[0]?.content?.parts ?? []).filter((p) => p.thought !== true).map((p) => p.text ?? '').join('');
  if (opts.streamed) {
    for await (const chunk of await ai.models.generateContentStream({ model, contents, config })) finalText += text(chunk);
  } else {
    finalText = text(await ai.models.generateContent({ model, contents, config }));
  }
  return { received, finalText };
}

function firstCall(turn: Content): Part {
  const call = turn.parts?.find((p) => p.functionCall);
  assert.ok(call, JSON.stringify(turn));
  return call;
}

describe('a Gemini client against other upstreams', () => {
  for (const upstream of ['anthropic', 'openai-chat', 'openai-responses'] as const) {
    for (const streamed of [false, true]) {
      test(`-> ${upstream}: the functionCall part is signed and the second turn succeeds${streamed ? ' (streamed)' : ''}`, async () => {
        const r = await geminiLoop(UPSTREAMS[upstream].model, { streamed, thinking: false });
        assert.equal(typeof firstCall(r.received).thoughtSignature, 'string');
        assert.match(r.finalText, FINAL);
      });
    }
  }

  for (const streamed of [false, true]) {
    for (const stripThoughts of [false, true]) {
      const how = `${streamed ? 'streamed, ' : ''}${stripThoughts ? 'history without thought parts, as Gemini CLI keeps it' : 'whole history, as @google/genai keeps it'}`;
      test(`-> anthropic with thinking: Anthropic gets its own signature back (${how})`, async () => {
        const r = await geminiLoop(UPSTREAMS.anthropic.model, { streamed, thinking: true, stripThoughts });
        assert.equal(typeof firstCall(r.received).thoughtSignature, 'string');
        assert.match(r.finalText, FINAL);
        const body = bodyOf('anthropic');
        // Thinking stayed on, which Anthropic allows only when the tool-use turn starts with
        // its signed thinking block (the mock verifies the signature against the text).
        assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 1024 });
        const messages = body.messages as Array<{ role: string; content: Json[] }>;
        const assistant = messages.find((m) => m.role === 'assistant');
        const thinking = assistant?.content[0];
        assert.equal(thinking?.type, 'thinking', JSON.stringify(assistant));
        assert.equal(thinking.thinking, 'Let me think about this.');
        assert.ok(typeof thinking.signature === 'string' && !thinking.signature.startsWith('or1.'), 'the signature Anthropic issued, unwrapped');
      });
    }
  }

  test('-> openai-responses with reasoning: the encrypted reasoning goes back to Responses', async () => {
    for (const stripThoughts of [false, true]) {
      const r = await geminiLoop(UPSTREAMS['openai-responses'].model, { streamed: true, thinking: true, stripThoughts });
      assert.match(r.finalText, FINAL);
      const input = bodyOf('openai-responses').input as Json[];
      const reasoning = input.find((item) => item.type === 'reasoning');
      assert.ok(reasoning, JSON.stringify(input));
      assert.match(String(reasoning.encrypted_content), /^gAAAAA/);
    }
  });
});
