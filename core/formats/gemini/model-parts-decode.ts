import type { AssistantPart, ContentPart, ThinkingPart, ToolCallPart } from '../canonical.js';
import type { ClientSignature } from '../signature-wrap.js';
import type { WirePart } from './wire-schema.js';

/** How a thoughtSignature is read: as a client's echo (readThoughtSignature) or an upstream's own. */
export type SignatureReader = (value: string | null | undefined) => ClientSignature;

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
  signature: ClientSignature,
  mintId: () => string,
): ToolCallPart {
  const part: ToolCallPart = {
    type: 'tool_call',
    id: call.id ?? mintId(),
    name: call.name,
    arguments: JSON.stringify(call.args ?? {}),
  };
  if (signature.signature !== undefined) {
    part.signature = signature.signature;
    if (signature.origin !== undefined) part.origin = signature.origin;
  }
  return part;
}

/** Unsigned thought text is Gemini's (as Gemini sends it); a signed one belongs to whoever signed it. */
function thinking(text: string, signature: ClientSignature): ThinkingPart {
  const part: ThinkingPart = { type: 'thinking', text };
  if (signature.signature === undefined) {
    part.origin = 'gemini';
    return part;
  }
  part.signature = signature.signature;
  if (signature.origin !== undefined) part.origin = signature.origin;
  return part;
}

/**
 * One part of a model turn -> canonical parts: `thought` text -> thinking, functionCall ->
 * tool_call, text -> text. A functionCall whose signature is a gateway wrapper holding
 * reasoning text carried the other provider's thinking that came before the call (Gemini
 * clients such as Gemini CLI drop thought parts from their history), so that thinking
 * comes back first. Media and code-execution parts have no assistant-side canonical form
 * and yield nothing.
 */
export function decodeModelPart(part: WirePart, mintId: () => string, read: SignatureReader): AssistantPart[] {
  const signature = read(part.thoughtSignature);
  if (part.functionCall != null) {
    if (signature.text === undefined) return [decodeFunctionCall(part.functionCall, signature, mintId)];
    return [thinking(signature.text, signature), decodeFunctionCall(part.functionCall, {}, mintId)];
  }
  if (part.thought === true) {
    if ((part.text ?? '') === '' && signature.signature === undefined) return [];
    return [thinking(part.text ?? '', signature)];
  }
  const out: AssistantPart[] = [];
  if (part.text != null && part.text !== '') out.push({ type: 'text', text: part.text });
  const bare = part.text == null && part.inlineData == null && part.fileData == null;
  // Only Gemini's own signatures ride on text parts; the gateway never puts others there.
  if (signature.signature !== undefined && signature.origin === 'gemini' && (part.text != null || bare)) {
    out.push(signatureHolder(signature.signature));
  }
  return out;
}

function sameThinking(a: ContentPart, b: ThinkingPart): boolean {
  return a.type === 'thinking' && a.signature === b.signature && a.origin === b.origin;
}

/**
 * Appends one model part's canonical parts to `out` and returns the parts added. Thought
 * parts continue an unsigned thought run before them (a streamed run arrives, and is echoed
 * back, as many pieces) and the first signature ends it: Gemini streams a run's signature
 * on its last piece or on an empty thought part after it, and so does the gateway for a
 * run another provider signed. A signed thinking part already in `out` is not added twice
 * (a client that kept both a thought part and the functionCall carrying it echoes it twice).
 */
export function appendModelPart(out: ContentPart[], part: WirePart, mintId: () => string, read: SignatureReader): AssistantPart[] {
  const decoded = decodeModelPart(part, mintId, read);
  const first = decoded[0];
  const previous = out[out.length - 1];
  if (
    part.thought === true &&
    first?.type === 'thinking' &&
    previous?.type === 'thinking' &&
    previous.signature === undefined &&
    (previous.origin === first.origin || previous.origin === 'gemini')
  ) {
    previous.text += first.text;
    if (first.signature !== undefined) {
      previous.signature = first.signature;
      if (first.origin !== undefined) previous.origin = first.origin;
      else delete previous.origin;
    }
    return [];
  }
  const added = decoded.filter((p) => !(p.type === 'thinking' && p.signature !== undefined && out.some((o) => sameThinking(o, p))));
  out.push(...added);
  return added;
}
