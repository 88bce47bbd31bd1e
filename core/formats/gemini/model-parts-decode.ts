import type { AssistantPart, ContentPart, ThinkingPart, ToolCallPart } from '../canonical.js';
import type { WirePart } from './wire-schema.js';

/**
 * A thoughtSignature Gemini put on a text part (or on an otherwise empty part) has no
 * field in a canonical text part, so it travels as a thinking part with no text right
 * after that text; the Gemini encoders put it back on the text it follows.
 */
export function signatureHolder(signature: string): ThinkingPart {
  return { type: 'thinking', text: '', signature, origin: 'gemini' };
}

export function decodeFunctionCall(
  call: NonNullable<WirePart['functionCall']>,
  signature: string | null | undefined,
  mintId: () => string,
): ToolCallPart {
  const part: ToolCallPart = {
    type: 'tool_call',
    id: call.id ?? mintId(),
    name: call.name,
    arguments: JSON.stringify(call.args ?? {}),
  };
  if (signature != null) {
    part.signature = signature;
    part.origin = 'gemini';
  }
  return part;
}

/**
 * One part of a model turn -> canonical parts: `thought` text -> thinking, functionCall ->
 * tool_call, text -> text. Media and code-execution parts have no assistant-side
 * canonical form and yield nothing.
 */
export function decodeModelPart(part: WirePart, mintId: () => string): AssistantPart[] {
  const signature = part.thoughtSignature ?? undefined;
  if (part.functionCall != null) return [decodeFunctionCall(part.functionCall, signature, mintId)];
  if (part.thought === true) {
    if ((part.text ?? '') === '' && signature === undefined) return [];
    const thinking: ThinkingPart = { type: 'thinking', text: part.text ?? '' };
    if (signature !== undefined) thinking.signature = signature;
    thinking.origin = 'gemini';
    return [thinking];
  }
  const out: AssistantPart[] = [];
  if (part.text != null && part.text !== '') out.push({ type: 'text', text: part.text });
  const bare = part.text == null && part.inlineData == null && part.fileData == null;
  if (signature !== undefined && (part.text != null || bare)) out.push(signatureHolder(signature));
  return out;
}

/**
 * Appends one model part's canonical parts to `out` and returns the parts added. A thought
 * part with no text that only carries a signature ends the thought run before it (Gemini
 * streams a run's signature that way), so it signs that thinking part instead of adding one.
 */
export function appendModelPart(out: ContentPart[], part: WirePart, mintId: () => string): AssistantPart[] {
  const decoded = decodeModelPart(part, mintId);
  const first = decoded[0];
  const previous = out[out.length - 1];
  if (
    part.thought === true &&
    first?.type === 'thinking' &&
    first.text === '' &&
    first.signature !== undefined &&
    previous?.type === 'thinking' &&
    previous.origin === 'gemini' &&
    previous.signature === undefined
  ) {
    previous.signature = first.signature;
    return [];
  }
  out.push(...decoded);
  return decoded;
}
