/**
 * Codex CLI 0.171 through the gateway to every upstream format. Codex groups tools in
 * `namespace` tools (one per MCP server, plus its own groups such as multi_agent_v1), adds
 * web_search, sends its system prompt and later settings as developer messages, and reads a
 * call to a grouped tool only in the namespace form: a function_call with the tool's own name
 * and `namespace` beside it (a flat name is "unsupported call" to it). The request below has
 * the shape Codex 0.171.0 sends (recorded against a capture server, descriptions shortened).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lastUpstreamRequest, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { codexStream, type CodexStreamed } from './codex-request.js';
import { objectsIn, type Json } from '../fixtures/objects-in.js';
import { assertToolSaid } from '../fixtures/tool-said.js';
import { type HarnessFormat } from './harness.js';


const FORMATS: HarnessFormat[] = ['openai-responses', 'openai-chat', 'anthropic', 'gemini'];
const MOCK_ARGUMENTS = '{"city":"Paris","unit":"celsius"}';
const TOOL_RESULT = 'Sunny in Paris';

const TOOLS: Json[] = [
  {
    type: 'namespace',
    name: 'mcp__demo',
    description: 'Tools in the mcp__demo namespace.',
    tools: [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather for a city',
        strict: false,
        parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] },
      },
    ],
  },
  {
    type: 'function',
    name: 'exec_command',
    description: 'Runs a command in a PTY, returning output or a session ID for ongoing interaction.',
    strict: false,
    parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false },
  },
  {
    type: 'namespace',
    name: 'multi_agent_v1',
    description: 'Tools for spawning and managing sub-agents.',
    tools: [
      {
        type: 'function',
        name: 'close_agent',
        description: 'Close an agent.',
        strict: false,
        parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
      },
    ],
  },
  { type: 'web_search', external_web_access: false },
  { type: 'local_shell' },
];

const HISTORY: Json[] = [
  { type: 'message', id: 'msg_sys', role: 'developer', content: [{ type: 'input_text', text: 'You are a coding agent running in the Codex CLI.' }] },
  { type: 'message', id: 'msg_env', role: 'user', content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>' }] },
  { type: 'message', id: 'msg_u1', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
  { type: 'message', id: 'msg_a1', role: 'assistant', content: [{ type: 'output_text', text: 'Hi! How can I help?' }] },
  { type: 'message', id: 'msg_dev2', role: 'developer', content: [{ type: 'input_text', text: '<collaboration_mode>default</collaboration_mode>' }] },
  { type: 'message', id: 'msg_u2', role: 'user', content: [{ type: 'input_text', text: 'What is the weather in Paris?' }] },
];

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** A turn with the body fields Codex 0.171 sends beyond the ones every Codex request has. */
function codexTurn(model: string, input: Json[]): Promise<CodexStreamed> {
  return codexStream(h.url, {
    model,
    input,
    tools: TOOLS,
    parallel_tool_calls: true,
    reasoning: { summary: 'auto' },
    prompt_cache_key: '01a23bfb-session',
    client_metadata: { turn_id: '01a23bfb-turn', session_id: '01a23bfb-session' },
  });
}

for (const format of FORMATS) {
  const { model, apiKey } = UPSTREAMS[format];
  const translated = format !== 'openai-responses';

  describe(`Codex namespace tools -> ${format} upstream`, () => {
    test('the call to a namespaced tool comes back in Codex\'s form, and the next turn with its output is answered', async () => {
      const first = await codexTurn(model, HISTORY);
      assert.equal(first.status, 200, JSON.stringify(first.events));
      assert.equal(first.events.at(-1)?.type, 'response.completed', JSON.stringify(first.events.at(-1)));

      const added = first.events.filter((e) => e.type === 'response.output_item.added').map((e) => e.item as Json);
      const done = first.events.filter((e) => e.type === 'response.output_item.done').map((e) => e.item as Json);
      const call = done.find((i) => i.type === 'function_call');
      assert.ok(call, JSON.stringify(done));
      assert.equal(call.name, 'get_weather');
      assert.equal(call.namespace, 'mcp__demo');
      assert.equal(call.arguments, MOCK_ARGUMENTS);
      assert.match(String(call.call_id), /.+/);
      const announced = added.find((i) => i.type === 'function_call');
      assert.deepEqual([announced?.name, announced?.namespace], ['get_weather', 'mcp__demo']);
      const argsDone = first.events.find((e) => e.type === 'response.function_call_arguments.done');
      assert.equal(argsDone?.name, 'get_weather');

      const firstUpstream = lastUpstreamRequest(h.mock, apiKey).body;
      if (translated) {
        // The upstream saw ordinary function tools under flat names, and nothing it cannot take.
        const names = objectsIn(firstUpstream).map((o) => o.name);
        assert.ok(names.includes('mcp__demo__get_weather'), JSON.stringify(names));
        assert.ok(names.includes('multi_agent_v1__close_agent'), JSON.stringify(names));
        assert.ok(!JSON.stringify(firstUpstream).includes('"namespace"'), 'no namespace tool reached a format without them');
        assert.ok(!JSON.stringify(firstUpstream).includes('local_shell'));
        assert.match(first.warnings ?? '', /tools\[4\]: tool type 'local_shell' dropped/);
        if (format === 'openai-chat') assert.match(first.warnings ?? '', /webSearch dropped/);
      } else {
        assert.equal(first.warnings, null, 'same format passes through untouched');
        assert.deepEqual((firstUpstream as Json).tools, TOOLS);
      }

      // Codex sends the call back as it received it, with the tool's output.
      const { id: _id, status: _status, ...callItem } = call;
      const second = await codexTurn(model, [
        ...HISTORY,
        { ...callItem, id: call.id, status: 'completed' },
        { type: 'function_call_output', id: 'fco_1', call_id: call.call_id, output: [{ type: 'input_text', text: TOOL_RESULT }] },
      ]);
      assert.equal(second.status, 200, JSON.stringify(second.events));
      assert.equal(second.events.at(-1)?.type, 'response.completed', JSON.stringify(second.events.at(-1)));
      const texts = second.events
        .filter((e) => e.type === 'response.output_item.done')
        .map((e) => e.item as Json)
        .filter((i) => i.type === 'message')
        .flatMap((m) => (m.content as Json[]).map((c) => String(c.text)));
      assert.equal(texts.length, 1, JSON.stringify(texts));
      assertToolSaid(texts[0], TOOL_RESULT);

      if (translated) {
        // The call in the history reached the upstream under the same flat name as the tool.
        const secondUpstream = lastUpstreamRequest(h.mock, apiKey).body;
        const named = objectsIn(secondUpstream).filter((o) => o.name === 'mcp__demo__get_weather');
        assert.ok(named.length >= 2, `declaration and call: ${JSON.stringify(named)}`);
      }
    });
  });
}
