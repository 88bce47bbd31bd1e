/**
 * Codex CLI (an OpenAI Responses client) through the gateway to upstreams that have no
 * `custom` tools: its free-text tools (apply_patch) must reach them as function tools with
 * one string argument `input`, its custom_tool_call history as ordinary calls and results,
 * and the upstream's calls to such a tool must come back to Codex as custom_tool_call items.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { codexStream, type CodexStreamed } from './codex-request.js';
import { objectsIn, type Json } from '../fixtures/objects-in.js';
import { assertToolSaid } from '../fixtures/tool-said.js';
import { type HarnessFormat } from './harness.js';

const UPSTREAM_FORMATS: HarnessFormat[] = ['openai-chat', 'anthropic', 'gemini'];

const PATCH = '*** Begin Patch\n*** Update File: src/app.py\n@@ def greet():\n-    print("Hi")\n+    print("Hello, \\"world\\" ✓")\n*** End Patch\n';
const PATCH_RESULT = 'Success. Updated the following files: M src/app.py';
/** What the strict mock calls the first tool with when the user asks about the weather. */
const MOCK_ARGUMENTS = '{"city":"Paris","unit":"celsius"}';

const APPLY_PATCH: Tool = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.',
  format: {
    type: 'grammar',
    syntax: 'lark',
    definition: 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF\nend_patch: "*** End Patch" LF?\nhunk: /(.+\\n)+/\n%import common.LF\n',
  },
};
const SHELL: Tool = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command and returns its output.',
  strict: false,
  parameters: {
    type: 'object',
    properties: { command: { type: 'array', items: { type: 'string' } }, workdir: { type: 'string' } },
    required: ['command'],
    additionalProperties: false,
  },
};

const HISTORY: ResponseInputItem[] = [
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Make greet() say hello to the world.' }] },
  { type: 'custom_tool_call', call_id: 'call_patch_1', name: 'apply_patch', input: PATCH },
  { type: 'custom_tool_call_output', call_id: 'call_patch_1', output: PATCH_RESULT },
];

let h: Harness;
let client: OpenAI;
before(async () => {
  h = await startHarness();
  client = new OpenAI({ apiKey: 'gateway-key', baseURL: `${h.url}/v1`, maxRetries: 0 });
});
after(() => h.close());



/** The apply_patch tool declaration and call the upstream received, in any of the three formats. */
function upstreamView(format: HarnessFormat): { schema: unknown; callArguments: unknown } {
  const body = lastUpstreamRequest(h.mock, UPSTREAMS[format].apiKey).body;
  const named = objectsIn(body).filter((o) => o.name === 'apply_patch');
  // Chat: function.parameters; Anthropic: input_schema; Gemini: parametersJsonSchema.
  const declaration = named.find((o) => 'parameters' in o || 'input_schema' in o || 'parametersJsonSchema' in o);
  // Chat: function.arguments (JSON text); Anthropic: tool_use.input; Gemini: functionCall.args.
  const call = named.find((o) => 'arguments' in o || 'args' in o || ('input' in o && o.type === 'tool_use'));
  const callArguments = call === undefined ? undefined : typeof call.arguments === 'string' ? JSON.parse(call.arguments) : (call.args ?? call.input);
  return { schema: declaration?.parameters ?? declaration?.input_schema ?? declaration?.parametersJsonSchema, callArguments };
}

function assertTranslatedForUpstream(format: HarnessFormat): void {
  const seen = upstreamView(format);
  const schema = seen.schema as { type?: string; properties?: { input?: { type?: string } }; required?: string[] } | undefined;
  assert.equal(schema?.type, 'object', `apply_patch reached ${format} as a function tool`);
  assert.equal(schema?.properties?.input?.type, 'string');
  assert.deepEqual(schema?.required, ['input']);
  assert.deepEqual(seen.callArguments, { input: PATCH }, 'the earlier custom call reached the upstream with its text as {input}');
}

/** A streamed request with the body fields this Codex version sends beyond the ones every Codex request has. */
function codexTurn(model: string, input: unknown[], tools: unknown[]): Promise<CodexStreamed> {
  return codexStream(h.url, {
    model,
    instructions: 'You are Codex, a coding agent.',
    input,
    tools,
    parallel_tool_calls: false,
    reasoning: { effort: 'medium', summary: 'auto' },
    prompt_cache_key: 'session-1',
  });
}

function doneItems(events: Json[]): Json[] {
  return events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item as Json);
}

for (const format of UPSTREAM_FORMATS) {
  const model = UPSTREAMS[format].model;
  describe(`Codex custom tools -> ${format} upstream`, () => {
    test('a history with a custom_tool_call and its output is accepted and answered', async () => {
      const r = await client.responses.create({ model, input: HISTORY, tools: [SHELL, APPLY_PATCH], store: false });
      assert.equal(r.status, 'completed');
      assertToolSaid(r.output_text, PATCH_RESULT);
      assertTranslatedForUpstream(format);
    });

    test('the same history in a Codex-shaped streamed request', async () => {
      const { status, events } = await codexTurn(model, HISTORY, [SHELL, APPLY_PATCH]);
      assert.equal(status, 200);
      assert.equal(events.at(-1)?.type, 'response.completed', JSON.stringify(events.at(-1)));
      const messages = doneItems(events).filter((i) => i.type === 'message');
      const texts = messages.flatMap((m) => (m.content as Json[]).map((c) => c.text));
      assert.equal(texts.length, 1, JSON.stringify(texts));
      assertToolSaid(String(texts[0]), PATCH_RESULT);
      assertTranslatedForUpstream(format);
    });

    test('an upstream call to the custom tool comes back as a custom_tool_call (raw arguments as input)', async () => {
      const r = await client.responses.create({
        model,
        input: 'What is the weather in Paris?',
        tools: [APPLY_PATCH, SHELL],
        store: false,
      });
      assert.equal(r.status, 'completed');
      assert.equal(r.output.length, 1, JSON.stringify(r.output));
      const call = r.output[0];
      assert.ok(call?.type === 'custom_tool_call', JSON.stringify(call));
      assert.equal(call.name, 'apply_patch');
      assert.match(call.call_id, /.+/);
      // The mock ignores the {input} schema and sends {"city":...}; with no `input` string
      // in the arguments the whole arguments text becomes the input.
      assert.equal(call.input, MOCK_ARGUMENTS);

      // Codex sends the call back with its output on the next turn.
      const next = await client.responses.create({
        model,
        input: [
          { role: 'user', content: 'What is the weather in Paris?' },
          { type: 'custom_tool_call', call_id: call.call_id, name: call.name, input: call.input },
          { type: 'custom_tool_call_output', call_id: call.call_id, output: 'patch rejected: not a patch' },
        ],
        tools: [APPLY_PATCH, SHELL],
        store: false,
      });
      assertToolSaid(next.output_text, 'patch rejected: not a patch');
    });

    test('a local_shell tool beside them is dropped with a warning, not refused', async () => {
      const res = await fetch(`${h.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer gateway-key' },
        body: JSON.stringify({ model, input: HISTORY, tools: [SHELL, APPLY_PATCH, { type: 'local_shell' }], store: false }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.match(res.headers.get('x-omniroute-warnings') ?? '', /tools\[2\]: tool type 'local_shell' dropped/);
      const body = (await res.json()) as { output: Array<{ type: string; content?: Array<{ text?: string }> }> };
      assertToolSaid(body.output.find((o) => o.type === 'message')?.content?.[0]?.text, PATCH_RESULT);
      assert.ok(!JSON.stringify(lastUpstreamRequest(h.mock, UPSTREAMS[format].apiKey).body).includes('local_shell'));
    });

    test('streamed: the call arrives as custom_tool_call items and input deltas', async () => {
      const stream = client.responses.stream({ model, input: 'What is the weather in Paris?', tools: [APPLY_PATCH, SHELL], store: false });
      let deltas = '';
      let functionArgumentEvents = 0;
      stream.on('response.custom_tool_call_input.delta', (e) => (deltas += e.delta));
      stream.on('response.function_call_arguments.delta', () => functionArgumentEvents++);
      const final = await stream.finalResponse();
      const call = final.output[0];
      assert.ok(call?.type === 'custom_tool_call', JSON.stringify(final.output));
      assert.equal(call.input, MOCK_ARGUMENTS);
      assert.equal(deltas, MOCK_ARGUMENTS);
      assert.equal(functionArgumentEvents, 0);

      const { status, events } = await codexTurn(model, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Paris?' }] }], [APPLY_PATCH, SHELL]);
      assert.equal(status, 200);
      const items = doneItems(events);
      assert.deepEqual(
        items.filter((i) => i.type !== 'reasoning').map((i) => [i.type, i.name, i.input]),
        [['custom_tool_call', 'apply_patch', MOCK_ARGUMENTS]],
      );
    });
  });
}
