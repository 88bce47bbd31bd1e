import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { SseParser } from '../../sse/parser.js';
import { baseFlatName, NamespaceNames } from './namespace-tools.js';
import { openaiResponsesCodec as codec } from './index.js';

const ctx = { requestId: 'ns1', now: 1_700_000_000_000 };
/** What every provider accepts as a function name (OpenAI's rule plus Gemini's first character). */
const PORTABLE = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

test('the flat name is Codex\'s own: namespace without trailing _, "__", name without leading _', () => {
  assert.equal(baseFlatName('mcp__demo__', 'lookup_order'), 'mcp__demo__lookup_order');
  assert.equal(baseFlatName('github', 'create_issue'), 'github__create_issue');
  assert.equal(baseFlatName('crm', '_private'), 'crm__private');
  assert.equal(baseFlatName('my.server v2', 'do:it'), 'my_server_v2__do_it');
  assert.equal(baseFlatName('9lives', 'x'), '_9lives__x');
  assert.equal(baseFlatName('-dash', 'x'), '_-dash__x');
});

test('a clash with a top-level tool or another grouped tool gets a hashed suffix; names stay distinct', () => {
  const names = new NamespaceNames(['mcp__demo__lookup_order']);
  const a = names.assign('mcp__demo__', 'lookup_order');
  const b = names.assign('mcp__demo', 'lookup_order'); // the same base name as a
  const c = names.assign('mcp__demo___', '_lookup_order'); // and again
  for (const n of [a, b, c]) assert.match(n, /^mcp__demo__lookup_order_[0-9a-f]{8}$/);
  assert.equal(new Set([a, b, c, 'mcp__demo__lookup_order']).size, 4);
  // Without the top-level tool, the first grouped one keeps the plain name.
  const free = new NamespaceNames([]);
  assert.equal(free.assign('mcp__demo__', 'lookup_order'), 'mcp__demo__lookup_order');
  assert.match(free.assign('mcp__demo', 'lookup_order'), /^mcp__demo__lookup_order_[0-9a-f]{8}$/);
  // Deterministic: the same request names its tools the same way every time.
  assert.equal(new NamespaceNames(['mcp__demo__lookup_order']).assign('mcp__demo__', 'lookup_order'), a);
});

test('a name over 64 characters is cut and hashed, and distinct long names stay distinct', () => {
  const names = new NamespaceNames([]);
  const ns = `mcp__${'very_long_server_name_'.repeat(3)}_`;
  const one = names.assign(ns, 'list_all_the_things_in_the_workspace');
  const two = names.assign(ns, 'list_all_the_things_in_the_workspace_too');
  for (const n of [one, two]) {
    assert.ok(n.length <= 64, n);
    assert.match(n, PORTABLE);
  }
  assert.notEqual(one, two);
  assert.equal(one.slice(0, 55), baseFlatName(ns, 'list_all_the_things_in_the_workspace').slice(0, 55));
});

test('even a hashed name that is taken gets a further suffix', () => {
  const first = new NamespaceNames(['a__b']).assign('a', 'b');
  const names = new NamespaceNames(['a__b', first]);
  const again = names.assign('a', 'b');
  assert.notEqual(again, first);
  assert.match(again, /^a__b_[0-9a-f]{8}_2$/);
});

test('lookup: a declared pair gives its assigned name, an undeclared one the base rule', () => {
  const names = new NamespaceNames(['x__y']);
  const assigned = names.assign('x', 'y');
  assert.equal(names.lookup('x', 'y'), assigned);
  assert.equal(names.lookup('gone', 'tool'), 'gone__tool');
});

// ---------------------------------------------------------------------------------------
// Through the codec: Codex's request in, the call back in Codex's form, and the call's
// history mapped back to the same flat name.
// ---------------------------------------------------------------------------------------

const CODEX_TOOLS = [
  { type: 'function', name: 'mcp__demo__lookup_order', parameters: { type: 'object', properties: {} }, strict: false },
  {
    type: 'namespace',
    name: 'mcp__demo__',
    description: 'Demo tools',
    tools: [
      { type: 'function', name: 'lookup_order', parameters: { type: 'object', properties: { order_id: { type: 'string' } } }, strict: false },
      { type: 'custom', name: 'patch', description: 'Apply a patch' },
    ],
  },
];

function decoded(body: Record<string, unknown>): CanonicalRequest {
  const result = codec.decodeRequest({ model: 'gpt-5-codex', ...body }, ctx);
  assert.ok(result.ok, JSON.stringify(result));
  return result.value;
}

test('round trip: a call to a grouped tool goes back with name and namespace, and its history finds the same flat name', () => {
  const request = decoded({ input: 'order 42?', tools: CODEX_TOOLS });
  const grouped = request.tools?.find((t) => t.namespaced?.name === 'lookup_order');
  const patch = request.tools?.find((t) => t.namespaced?.name === 'patch');
  assert.ok(grouped && patch);
  assert.notEqual(grouped.name, 'mcp__demo__lookup_order', 'the top-level tool keeps that name');
  assert.match(grouped.name, PORTABLE);

  const response: CanonicalResponse = {
    id: 'r',
    model: 'm',
    created: 1,
    content: [
      { type: 'tool_call', id: 'call_1', name: grouped.name, arguments: '{"order_id":"42"}' },
      { type: 'tool_call', id: 'call_2', name: patch.name, arguments: '{"input":"diff"}' },
      { type: 'tool_call', id: 'call_3', name: 'mcp__demo__lookup_order', arguments: '{}' },
    ],
    stopReason: 'tool_use',
    usage: { inputTokens: 1, outputTokens: 1 },
  };
  const body = codec.encodeResponse(response, { ...ctx, model: 'gpt-5-codex', request }) as { output: Array<Record<string, unknown>> };
  const calls = body.output.map((i) => [i.type, i.name, i.namespace]);
  assert.deepEqual(calls, [
    ['function_call', 'lookup_order', 'mcp__demo__'],
    ['custom_tool_call', 'patch', 'mcp__demo__'],
    ['function_call', 'mcp__demo__lookup_order', undefined],
  ]);

  // Codex sends the items back as it received them, with their outputs.
  const history = [
    { role: 'user', content: 'order 42?' },
    ...body.output.map(({ id: _id, status: _status, ...item }) => item),
    { type: 'function_call_output', call_id: 'call_1', output: 'shipped' },
    { type: 'custom_tool_call_output', call_id: 'call_2', output: 'ok' },
    { type: 'function_call_output', call_id: 'call_3', output: 'none' },
  ];
  const next = decoded({ input: history, tools: CODEX_TOOLS });
  const names = next.messages.flatMap((m) => m.content.flatMap((p) => (p.type === 'tool_call' || p.type === 'tool_result' ? [p.name] : [])));
  assert.deepEqual(names, [grouped.name, patch.name, 'mcp__demo__lookup_order', grouped.name, patch.name, 'mcp__demo__lookup_order']);
});

test('streamed: output_item.added/done and the arguments events carry the tool\'s own name and namespace', () => {
  const request = decoded({ input: 'order 42?', tools: CODEX_TOOLS, stream: true });
  const grouped = request.tools?.find((t) => t.namespaced?.name === 'lookup_order');
  assert.ok(grouped);
  const encoder = codec.createStreamEncoder({ ...ctx, model: 'gpt-5-codex', request });
  const events: StreamEvent[] = [
    { type: 'start', id: 'u', model: 'm', created: 1 },
    { type: 'part_start', index: 0, part: { type: 'tool_call', id: 'call_1', name: grouped.name } },
    { type: 'delta', index: 0, delta: { type: 'arguments', json: '{"order_id":"42"}' } },
    { type: 'part_end', index: 0 },
    { type: 'finish', stopReason: 'tool_use' },
    { type: 'end' },
  ];
  const parser = new SseParser();
  const sse = parser.push(events.map((e) => encoder.push(e)).join(''));
  const data = sse.map((m) => JSON.parse(m.data) as Record<string, unknown>);
  const items = data.filter((d) => String(d.type).startsWith('response.output_item.')).map((d) => d.item as Record<string, unknown>);
  assert.deepEqual(
    items.map((i) => [i.type, i.name, i.namespace, i.status]),
    [
      ['function_call', 'lookup_order', 'mcp__demo__', 'in_progress'],
      ['function_call', 'lookup_order', 'mcp__demo__', 'completed'],
    ],
  );
  const done = data.find((d) => d.type === 'response.function_call_arguments.done');
  assert.equal(done?.name, 'lookup_order');
  const completed = data.find((d) => d.type === 'response.completed')?.response as { output: Array<Record<string, unknown>> };
  assert.equal(completed.output[0]?.namespace, 'mcp__demo__');
});

test('warnings name what translation drops, one sentence each; nothing is refused', () => {
  const request = decoded({
    input: [
      { type: 'message', role: 'developer', content: 'rules' },
      { role: 'user', content: 'hi' },
      { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'q' } },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'mode: plan' }] },
    ],
    tools: [...CODEX_TOOLS, { type: 'web_search' }, { type: 'local_shell' }, { type: 'file_search', vector_store_ids: ['vs_1'] }],
  });
  assert.deepEqual(request.system, [{ type: 'text', text: 'rules' }]);
  assert.deepEqual(request.messages.at(-1), { role: 'system', content: [{ type: 'text', text: 'mode: plan' }] });
  assert.deepEqual(request.webSearch, {});
  assert.deepEqual(
    request.warnings?.map((w) => w.split(':')[0]),
    ['tools[3]', 'tools[4]', 'input[2]'],
  );
  for (const w of request.warnings ?? []) assert.match(w, /dropped/);
});
