/**
 * An OpenAI Chat Completions client declaring a `custom` (free-text input) tool, as the API
 * allows for GPT-5 models, through every upstream: the request is accepted, the model's call
 * comes back as `{type:"custom", custom:{name, input}}` (streamed as custom.input pieces), and
 * the next turn with the tool's output as a `tool` message is answered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCustomTool,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { objectsIn } from '../fixtures/objects-in.js';
import { assertToolSaid } from '../fixtures/tool-said.js';
import { type HarnessFormat } from './harness.js';

/** What the strict mock calls the first tool with when the user asks about the weather; a
 * custom tool gets it as its free text, and through upstreams without custom tools the
 * gateway passes the arguments text on as the input. */
const MOCK_INPUT = '{"city":"Paris","unit":"celsius"}';

const WEATHER_CLI: ChatCompletionCustomTool = {
  type: 'custom',
  custom: {
    name: 'weather_cli',
    description: 'Runs the weather command line; the input is its argument line.',
    format: { type: 'grammar', grammar: { syntax: 'regex', definition: '^[^\\n]+$' } },
  },
};
const LOOKUP: ChatCompletionTool = {
  type: 'function',
  function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
};
const TOOLS: ChatCompletionTool[] = [WEATHER_CLI, LOOKUP];
const QUESTION = 'What is the weather in Paris?';
const RESULT = 'Paris: 18C, cloudy';

let h: Harness;
let client: OpenAI;
before(async () => {
  h = await startHarness();
  client = new OpenAI({ apiKey: 'gateway-key', baseURL: `${h.url}/v1`, maxRetries: 0 });
});
after(() => h.close());

function secondTurn(call: { id: string; input: string }): ChatCompletionMessageParam[] {
  return [
    { role: 'user', content: QUESTION },
    { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'custom', custom: { name: 'weather_cli', input: call.input } }] },
    { role: 'tool', tool_call_id: call.id, content: RESULT },
  ];
}

/** The streamed tool call put together the way a client reads custom tool-call deltas. */
interface Assembled {
  id: string;
  type: string;
  name: string;
  input: string;
  functionArguments: string;
}

function assemble(chunks: ChatCompletionChunk[]): { calls: Assembled[]; finish: string | null | undefined } {
  const calls: Assembled[] = [];
  let finish: string | null | undefined;
  for (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (!choice) continue;
    finish ??= choice.finish_reason;
    // The SDK's chunk types know only function deltas; custom ones carry `custom` beside them.
    for (const delta of (choice.delta.tool_calls ?? []) as Array<Record<string, unknown> & { index: number }>) {
      const call = (calls[delta.index] ??= { id: '', type: '', name: '', input: '', functionArguments: '' });
      if (typeof delta.id === 'string') call.id = delta.id;
      if (typeof delta.type === 'string') call.type = delta.type;
      const custom = delta.custom as { name?: string; input?: string } | undefined;
      if (custom?.name) call.name = custom.name;
      call.input += custom?.input ?? '';
      const fn = delta.function as { name?: string; arguments?: string } | undefined;
      if (fn?.name) call.name = fn.name;
      call.functionArguments += fn?.arguments ?? '';
    }
  }
  return { calls, finish };
}

for (const format of Object.keys(UPSTREAMS) as HarnessFormat[]) {
  const model = UPSTREAMS[format].model;
  describe(`Chat custom tools -> ${format} upstream`, () => {
    test('the call comes back in the custom form with its input, and the tool output is answered', async () => {
      const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: QUESTION }], tools: TOOLS });
      const choice = r.choices[0];
      assert.equal(choice?.finish_reason, 'tool_calls');
      const calls = choice?.message.tool_calls ?? [];
      assert.equal(calls.length, 1, JSON.stringify(calls));
      const call = calls[0];
      assert.ok(call?.type === 'custom', JSON.stringify(call));
      assert.equal(call.custom.name, 'weather_cli');
      assert.equal(call.custom.input, MOCK_INPUT);
      assert.match(call.id, /.+/);

      const next = await client.chat.completions.create({ model, messages: secondTurn({ id: call.id, input: call.custom.input }), tools: TOOLS });
      assertToolSaid(next.choices[0]?.message.content, RESULT);
      // The earlier call reached the upstream with its text as `input`: the custom call itself
      // (Chat, Responses) or the {input} arguments object (Anthropic tool_use.input, Gemini args).
      const body = lastUpstreamRequest(h.mock, UPSTREAMS[format].apiKey).body;
      assert.ok(objectsIn(body).some((o) => o.input === MOCK_INPUT), JSON.stringify(body));
    });

    test('streamed: custom.input deltas add up to the input, then the tool output is answered', async () => {
      const stream = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: QUESTION }],
        tools: TOOLS,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks: ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const { calls, finish } = assemble(chunks);
      assert.equal(finish, 'tool_calls');
      assert.equal(calls.length, 1, JSON.stringify(calls));
      const call = calls[0];
      assert.ok(call);
      assert.deepEqual({ type: call.type, name: call.name, input: call.input, functionArguments: call.functionArguments }, {
        type: 'custom',
        name: 'weather_cli',
        input: MOCK_INPUT,
        functionArguments: '',
      });
      assert.ok(chunks.some((c) => c.usage), 'the usage chunk arrives');

      const next = await client.chat.completions.create({
        model,
        messages: secondTurn(call),
        tools: TOOLS,
        stream: true,
      });
      let text = '';
      for await (const chunk of next) text += chunk.choices[0]?.delta.content ?? '';
      assertToolSaid(text, RESULT);
    });

    test('a tool_choice naming the custom tool is accepted', async () => {
      const r = await client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: QUESTION }],
        tools: TOOLS,
        tool_choice: { type: 'custom', custom: { name: 'weather_cli' } },
      });
      const call = r.choices[0]?.message.tool_calls?.[0];
      assert.ok(call?.type === 'custom', JSON.stringify(r.choices[0]?.message));
      assert.equal(call.custom.name, 'weather_cli');
    });
  });
}
