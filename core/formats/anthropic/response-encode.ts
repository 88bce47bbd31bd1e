import type { AssistantPart, CanonicalResponse, ToolCallPart, WireFormat } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { toolUseId } from './message-encode.js';
import { isForeignSignature } from '../signature-wrap.js';
import { wrapSignature } from './signature-wrap.js';
import { stopReasonToWire } from './stop-reason.js';
import { argumentsToInput } from './tool-input.js';
import { usageToWire } from './usage.js';

export function messageId(ctx: { requestId: string }): string {
  return `msg_${ctx.requestId}`;
}

/** The signature an Anthropic client gets for a thinking block (see signature-wrap.ts). */
export function clientSignature(origin: WireFormat | undefined, signature: string | undefined): string {
  if (origin === 'anthropic' && signature !== undefined && signature !== '') return signature;
  return wrapSignature(origin, signature);
}

/**
 * The signature another provider put on a tool call (Gemini 3 signs the first functionCall
 * of each step, even when it returns no thoughts), when the client can carry it back:
 * Anthropic tool_use blocks have no signature field, but a client that enabled thinking
 * keeps thinking blocks and echoes them, as it does the empty ones Anthropic itself returns
 * with display "omitted". Undefined when there is nothing to carry.
 */
export function carriedCallSignature(call: Pick<ToolCallPart, 'signature' | 'origin'>, thinkingOn: boolean): string | undefined {
  if (!thinkingOn || !isForeignSignature(call, 'anthropic')) return undefined;
  return clientSignature(call.origin, call.signature);
}

/** Whether an Anthropic client asked for thinking, and so keeps thinking blocks in its history. */
export function clientThinks(ctx: EncodeResponseContext): boolean {
  return ctx.request.reasoning?.enabled === true;
}

function blockFromPart(part: AssistantPart): Record<string, unknown> {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'thinking':
      return { type: 'thinking', thinking: part.text, signature: clientSignature(part.origin, part.signature) };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: part.data };
    case 'tool_call':
      return { type: 'tool_use', id: toolUseId(part.id), name: part.name, input: argumentsToInput(part.arguments) };
  }
}

/** A signed tool call goes out as an empty thinking block holding its signature, then the tool_use. */
function blocksFromPart(part: AssistantPart, thinkingOn: boolean): Array<Record<string, unknown>> {
  const carried = part.type === 'tool_call' ? carriedCallSignature(part, thinkingOn) : undefined;
  const block = blockFromPart(part);
  return carried === undefined ? [block] : [{ type: 'thinking', thinking: '', signature: carried }, block];
}

/** A canonical response as the body Anthropic's POST /v1/messages returns. */
export function encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): Record<string, unknown> {
  const stopReason = stopReasonToWire(response.stopReason);
  const thinkingOn = clientThinks(ctx);
  return {
    id: messageId(ctx),
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: response.content.flatMap((part) => blocksFromPart(part, thinkingOn)),
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: usageToWire(response.usage),
  };
}
