import type { AssistantPart, CanonicalResponse, WireFormat } from '../canonical.js';
import type { EncodeResponseContext } from '../codec.js';
import { toolUseId } from './message-encode.js';
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

/** A canonical response as the body Anthropic's POST /v1/messages returns. */
export function encodeResponse(response: CanonicalResponse, ctx: EncodeResponseContext): Record<string, unknown> {
  const stopReason = stopReasonToWire(response.stopReason);
  return {
    id: messageId(ctx),
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: response.content.map(blockFromPart),
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: usageToWire(response.usage),
  };
}
