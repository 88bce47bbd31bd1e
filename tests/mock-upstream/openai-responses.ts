// OpenAI Responses: the response object and its event stream (response.created ...
// response.completed, every event with its sequence_number).
import { RejectError } from './errors.js';
import { splitWords, type Json } from './narrow.js';
import { readResponsesRequest, type ResponsesRequest } from './openai-responses-validate.js';
import type { NeutralUsage, RenderContext, Reply, Signer, Validation } from './types.js';

function usageOf(u: NeutralUsage): Json {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

interface Built {
  items: Json[];
  /** Per output item, the events that stream it between output_item.added and .done. */
  itemEvents: Json[][];
}

function buildOutput(reply: Reply, req: ResponsesRequest, ctx: RenderContext): Built {
  const items: Json[] = [];
  const itemEvents: Json[][] = [];
  if (reply.reasoning) {
    const id = ctx.nextId('rs_');
    ctx.signer.issuedReasoningIds.add(id);
    const summary = req.summary ? [{ type: 'summary_text', text: reply.reasoning }] : [];
    const item: Json = { id, type: 'reasoning', summary };
    if (req.includeEncrypted) item.encrypted_content = ctx.signer.encryptedReasoning(reply.reasoning);
    const idx = items.length;
    const events: Json[] = [];
    if (req.summary) {
      const part = { type: 'summary_text', text: '' };
      events.push({ type: 'response.reasoning_summary_part.added', item_id: id, output_index: idx, summary_index: 0, part });
      for (const delta of splitWords(reply.reasoning)) {
        events.push({ type: 'response.reasoning_summary_text.delta', item_id: id, output_index: idx, summary_index: 0, delta });
      }
      events.push({ type: 'response.reasoning_summary_text.done', item_id: id, output_index: idx, summary_index: 0, text: reply.reasoning });
      events.push({
        type: 'response.reasoning_summary_part.done',
        item_id: id,
        output_index: idx,
        summary_index: 0,
        part: { type: 'summary_text', text: reply.reasoning },
      });
    }
    items.push(item);
    itemEvents.push(events);
  }
  if (reply.text !== undefined) {
    const id = ctx.nextId('msg_');
    const idx = items.length;
    const part = { type: 'output_text', text: reply.text, annotations: [], logprobs: [] };
    const events: Json[] = [
      { type: 'response.content_part.added', item_id: id, output_index: idx, content_index: 0, part: { ...part, text: '' } },
      ...splitWords(reply.text).map((delta) => ({
        type: 'response.output_text.delta',
        item_id: id,
        output_index: idx,
        content_index: 0,
        delta,
        logprobs: [],
      })),
      { type: 'response.output_text.done', item_id: id, output_index: idx, content_index: 0, text: reply.text, logprobs: [] },
      { type: 'response.content_part.done', item_id: id, output_index: idx, content_index: 0, part },
    ];
    items.push({ id, type: 'message', status: 'completed', role: 'assistant', content: [part] });
    itemEvents.push(events);
  }
  if (reply.toolCall && req.firstToolCustom && reply.toolCall.name === req.conversation.firstTool) {
    // A custom tool takes free text: the reply's arguments text is the input, streamed in the same pieces.
    const call = reply.toolCall;
    const id = ctx.nextId('ctc_');
    const idx = items.length;
    const events: Json[] = [
      ...call.argumentPieces.map((delta) => ({ type: 'response.custom_tool_call_input.delta', item_id: id, output_index: idx, delta })),
      { type: 'response.custom_tool_call_input.done', item_id: id, output_index: idx, input: call.arguments },
    ];
    items.push({ id, type: 'custom_tool_call', status: 'completed', call_id: ctx.nextId('call_'), name: call.name, input: call.arguments });
    itemEvents.push(events);
  } else if (reply.toolCall) {
    const call = reply.toolCall;
    const id = ctx.nextId('fc_');
    const idx = items.length;
    const events: Json[] = [
      ...call.argumentPieces.map((delta) => ({ type: 'response.function_call_arguments.delta', item_id: id, output_index: idx, delta })),
      { type: 'response.function_call_arguments.done', item_id: id, output_index: idx, name: call.name, arguments: call.arguments },
    ];
    const item: Json = { id, type: 'function_call', status: 'completed', arguments: call.arguments, call_id: ctx.nextId('call_'), name: call.name };
    // A function of a namespace tool is called by its own name, with the namespace beside it.
    if (req.firstToolNamespace !== undefined && call.name === req.conversation.firstTool) item.namespace = req.firstToolNamespace;
    items.push(item);
    itemEvents.push(events);
  }
  return { items, itemEvents };
}

/** The item as announced by output_item.added: same identity, nothing produced yet. */
function emptied(item: Json): Json {
  if (item.type === 'message') return { ...item, status: 'in_progress', content: [] };
  if (item.type === 'function_call') return { ...item, status: 'in_progress', arguments: '' };
  if (item.type === 'custom_tool_call') return { ...item, status: 'in_progress', input: '' };
  const { encrypted_content: _dropped, ...rest } = item;
  return { ...rest, summary: [] };
}

function responseObject(req: ResponsesRequest, id: string, createdAt: number, status: string, output: Json[], usage: Json | null): Json {
  const b = req.body;
  const reasoning = b.reasoning ?? null;
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model: req.model,
    output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: reasoning ?? { effort: null, summary: null },
    service_tier: 'default',
    store: b.store ?? true,
    temperature: b.temperature ?? 1,
    text: b.text ?? { format: { type: 'text' } },
    tool_choice: b.tool_choice ?? 'auto',
    tools: b.tools ?? [],
    top_p: b.top_p ?? 1,
    truncation: b.truncation ?? 'disabled',
    usage,
    user: b.user ?? null,
    metadata: b.metadata ?? {},
  };
}

export function validateOpenAiResponses(body: unknown, signer: Signer): Validation {
  let req: ResponsesRequest;
  try {
    req = readResponsesRequest(body, signer);
  } catch (e) {
    if (e instanceof RejectError) return { ok: false, error: e.httpError };
    throw e;
  }
  return {
    ok: true,
    request: {
      model: req.model,
      stream: req.stream,
      conversation: req.conversation,
      renderJson(reply: Reply, ctx: RenderContext): unknown {
        const { items } = buildOutput(reply, req, ctx);
        return responseObject(req, ctx.nextId('resp_'), Math.floor(ctx.now() / 1000), 'completed', items, usageOf(reply.usage));
      },
      renderStream(reply: Reply, ctx: RenderContext) {
        const id = ctx.nextId('resp_');
        const createdAt = Math.floor(ctx.now() / 1000);
        const { items, itemEvents } = buildOutput(reply, req, ctx);
        const events: Json[] = [
          { type: 'response.created', response: responseObject(req, id, createdAt, 'in_progress', [], null) },
          { type: 'response.in_progress', response: responseObject(req, id, createdAt, 'in_progress', [], null) },
        ];
        items.forEach((item, i) => {
          events.push({ type: 'response.output_item.added', output_index: i, item: emptied(item) });
          events.push(...(itemEvents[i] ?? []));
          events.push({ type: 'response.output_item.done', output_index: i, item });
        });
        events.push({ type: 'response.completed', response: responseObject(req, id, createdAt, 'completed', items, usageOf(reply.usage)) });
        const frames = events.map((e, n) => {
          const data = { ...e, sequence_number: n };
          return `event: ${String(e.type)}\ndata: ${JSON.stringify(data)}\n\n`;
        });
        return { contentType: 'text/event-stream; charset=utf-8', frames };
      },
    },
  };
}
