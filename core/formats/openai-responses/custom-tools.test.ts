import { test } from 'node:test';
import assert from 'node:assert/strict';
import type OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { CanonicalRequest, CanonicalResponse, StreamEvent } from '../canonical.js';
import { argumentsFromCustomInput } from '../custom-tools.js';
import { SseParser } from '../../sse/parser.js';
import { openaiResponsesCodec as codec } from './index.js';

const ctx = { requestId: 'ct1', now: 1_700_000_000_000 };
const PATCH = '*** Begin Patch\n*** Update File: a.py\n@@\n-print("hi")\n+print("h\\u00e9 \\"x\\"") # é ✓ 😀\t\u2028\n*** End Patch\n';

const CUSTOM_TOOL = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Edit files. This is a FREEFORM tool.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/s' },
};
const SHELL_TOOL = { type: 'function', name: 'shell', parameters: { type: 'object', properties: {} }, strict: false };

function decodedRequest(body: Record<string, unknown>): CanonicalRequest {
  const decoded = codec.decodeRequest(body, ctx);
  assert.ok(decoded.ok, JSON.stringify(decoded));
  return decoded.value;
}

test('a Codex request re-encoded for a Responses upstream keeps its custom tool, call and output', () => {
  const history = [
    { role: 'user', content: 'edit a.py' },
    { type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: PATCH },
    { type: 'custom_tool_call_output', call_id: 'call_p', output: 'Success.' },
    { type: 'function_call', call_id: 'call_s', name: 'shell', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_s', output: 'ok' },
  ];
  const request = decodedRequest({ model: 'gpt-5-codex', input: history, tools: [SHELL_TOOL, CUSTOM_TOOL], tool_choice: { type: 'custom', name: 'apply_patch' } });
  const body = codec.encodeRequest(request, { ...ctx, model: 'gpt-5-codex' });
  assert.deepEqual(body.tools, [SHELL_TOOL, CUSTOM_TOOL]);
  assert.deepEqual(body.tool_choice, { type: 'custom', name: 'apply_patch' });
  assert.deepEqual(body.input, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'edit a.py' }] }, ...history.slice(1)]);
});

function streamOf(response: CanonicalResponse, piece: number): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: response.id, model: response.model, created: response.created }];
  response.content.forEach((part, index) => {
    assert.ok(part.type === 'tool_call');
    events.push({ type: 'part_start', index, part: { type: 'tool_call', id: part.id, name: part.name } });
    for (let i = 0; i < part.arguments.length; i += piece) {
      events.push({ type: 'delta', index, delta: { type: 'arguments', json: part.arguments.slice(i, i + piece) } });
    }
    events.push({ type: 'part_end', index });
  });
  events.push({ type: 'usage', usage: response.usage }, { type: 'finish', stopReason: 'tool_use' }, { type: 'end' });
  return events;
}

function sdkEvents(sse: string): OpenAI.Responses.ResponseStreamEvent[] {
  const parser = new SseParser();
  return [...parser.push(sse), ...parser.end()].map((m) => JSON.parse(m.data) as OpenAI.Responses.ResponseStreamEvent);
}

test('calls to a custom tool reach the client as custom_tool_call items, streamed or not, as the SDK accumulates them', () => {
  const request = decodedRequest({ model: 'gpt-5-codex', input: 'edit', tools: [SHELL_TOOL, CUSTOM_TOOL], stream: true });
  const encodeCtx = { ...ctx, model: 'gpt-5-codex', request };
  const response: CanonicalResponse = {
    id: 'up',
    model: 'up-model',
    created: 1,
    content: [
      { type: 'tool_call', id: 'call_p', name: 'apply_patch', arguments: argumentsFromCustomInput(PATCH) },
      { type: 'tool_call', id: 'call_raw', name: 'apply_patch', arguments: '{"city":"Paris"}' },
      { type: 'tool_call', id: 'call_s', name: 'shell', arguments: '{"command":["ls"]}' },
    ],
    stopReason: 'tool_use',
    usage: { inputTokens: 10, outputTokens: 5 },
  };
  const body = codec.encodeResponse(response, encodeCtx) as OpenAI.Responses.Response;
  assert.deepEqual(
    body.output.map((item) => (item.type === 'custom_tool_call' ? [item.id, item.call_id, item.input] : [item.id, item.type])),
    [
      ['ctc_ct1_0', 'call_p', PATCH],
      ['ctc_ct1_1', 'call_raw', '{"city":"Paris"}'],
      ['fc_ct1_2', 'function_call'],
    ],
  );

  for (const piece of [1, 4, 1000]) {
    const encoder = codec.createStreamEncoder(encodeCtx);
    const events = sdkEvents(streamOf(response, piece).map((e) => encoder.push(e)).join(''));
    const terminal = events.pop();
    assert.ok(terminal?.type === 'response.completed');
    assert.deepEqual(terminal.response.output, body.output);
    let snapshot: OpenAI.Responses.Response | undefined;
    const deltas = new Map<string, string>();
    for (const event of events) {
      snapshot = accumulateResponse(event, snapshot);
      if (event.type === 'response.custom_tool_call_input.delta') {
        deltas.set(event.item_id, (deltas.get(event.item_id) ?? '') + event.delta);
      }
    }
    // The incremental events alone rebuild the final output, and the deltas add up to each input.
    assert.deepEqual(snapshot?.output, body.output);
    assert.deepEqual([...deltas], [['ctc_ct1_0', PATCH], ['ctc_ct1_1', '{"city":"Paris"}']]);
    if (piece === 1) assert.ok(events.filter((e) => e.type === 'response.custom_tool_call_input.delta').length > 20);
  }
});

test('a custom_tool_call streamed by a Responses upstream comes back to a Responses client unchanged', () => {
  const request = decodedRequest({ model: 'gpt-5-codex', input: 'edit', tools: [CUSTOM_TOOL], stream: true });
  const item = { id: 'ctc_up', type: 'custom_tool_call', status: 'in_progress', call_id: 'call_p', name: 'apply_patch', input: '' };
  const upstream = [
    { type: 'response.created', response: { id: 'resp_up', model: 'gpt-5-codex', created_at: 1, status: 'in_progress', output: [] } },
    { type: 'response.output_item.added', output_index: 0, item },
    ...(PATCH.match(/.{1,7}/gs) ?? []).map((delta) => ({ type: 'response.custom_tool_call_input.delta', output_index: 0, item_id: 'ctc_up', delta })),
    { type: 'response.custom_tool_call_input.done', output_index: 0, item_id: 'ctc_up', input: PATCH },
    { type: 'response.output_item.done', output_index: 0, item: { ...item, status: 'completed', input: PATCH } },
    { type: 'response.completed', response: { id: 'resp_up', status: 'completed', output: [], usage: { input_tokens: 3, output_tokens: 4 } } },
  ];
  const decoder = codec.createStreamDecoder(ctx);
  const canonical = upstream.flatMap((data) => decoder.push({ event: data.type, data: JSON.stringify(data) }));
  const args = canonical.flatMap((e) => (e.type === 'delta' && e.delta.type === 'arguments' ? [e.delta.json] : [])).join('');
  assert.deepEqual(JSON.parse(args), { input: PATCH });
  assert.deepEqual(canonical.find((e) => e.type === 'finish'), { type: 'finish', stopReason: 'tool_use' });

  const encoder = codec.createStreamEncoder({ ...ctx, model: 'gpt-5-codex', request });
  const events = sdkEvents(canonical.map((e) => encoder.push(e)).join(''));
  const terminal = events.at(-1);
  assert.ok(terminal?.type === 'response.completed');
  assert.deepEqual(terminal.response.output, [{ id: 'ctc_ct1_0', type: 'custom_tool_call', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: PATCH }]);
});
