import type { ContentPart, ThinkingPart, ToolCallPart } from '../canonical.js';
import { parseJsonObject, type JsonObject } from './json-object.js';
import { isForeignSignature } from '../signature-wrap.js';
import { encodeImage } from './media.js';
import { wrapThoughtSignature } from './thought-signature.js';

/**
 * Who the model parts are for. An upstream Gemini gets only its own thoughts and
 * signatures (others mean nothing to it). A Gemini client gets thought text only when it
 * asked for thoughts (includeThoughts), and every signature: Gemini's as issued, other
 * providers' wrapped with their origin so they can go back there on the next turn.
 */
export type PartsAudience = { to: 'upstream' } | { to: 'client'; showThoughts: boolean };

export function functionCallPart(id: string, name: string, args: string, signature: string | undefined): JsonObject {
  const part: JsonObject = { functionCall: { id, name, args: parseJsonObject(args) ?? {} } };
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

/**
 * The thoughtSignature a Gemini client gets on a functionCall. Gemini signs the first call
 * of each response and Gemini clients expect it there (Gemini CLI even invents one when it
 * is missing), so a call Gemini did not sign gets a gateway value: the other provider's
 * signed thinking that came before it in the response (text included: Gemini CLI drops
 * thought parts from its history, and Anthropic checks the signature against that text),
 * the call's own foreign signature, or, for the first call, a value that reads back as
 * "no signature".
 */
export function clientCallSignature(
  call: Pick<ToolCallPart, 'signature' | 'origin'>,
  carried: ThinkingPart | undefined,
  first: boolean,
): string | undefined {
  if (call.origin === 'gemini' && call.signature !== undefined) return call.signature;
  if (carried !== undefined) return wrapThoughtSignature(carried.origin, carried.signature, carried.text);
  if (call.signature !== undefined) return wrapThoughtSignature(call.origin, call.signature);
  return first ? wrapThoughtSignature(undefined, undefined) : undefined;
}

/** A part that can still take a signature: text (thought or not) not yet signed. */
function canTakeSignature(part: JsonObject | undefined): part is JsonObject {
  return part !== undefined && typeof part.text === 'string' && part.thoughtSignature === undefined;
}

/** Gemini's own thinking: thought text when shown, else its signature on the text before it (as Gemini sent it) or on an empty text part. */
function ownThinking(out: JsonObject[], part: ThinkingPart, show: boolean): void {
  const signature = part.signature;
  if (show && part.text !== '') {
    const thought: JsonObject = { text: part.text, thought: true };
    if (signature !== undefined) thought.thoughtSignature = signature;
    out.push(thought);
  } else if (signature !== undefined) {
    const previous = out[out.length - 1];
    if (canTakeSignature(previous)) previous.thoughtSignature = signature;
    else out.push({ text: '', thoughtSignature: signature });
  }
}

/**
 * Gemini's signature on a thinking part right before a call it did not sign itself: the
 * call's own signature, which a client that has no signature field on calls (Anthropic:
 * tool_use) carried back in a thinking block just before the call. Gemini 3 wants it on
 * the functionCall part.
 */
function callSignatureCarrier(part: ThinkingPart, next: ContentPart | undefined): string | undefined {
  if (part.signature === undefined || next?.type !== 'tool_call') return undefined;
  return next.origin === 'gemini' && next.signature !== undefined ? undefined : part.signature;
}

/**
 * Canonical parts of a model turn -> Gemini parts. `dropped` counts the reasoning an
 * upstream Gemini cannot read (other providers' thinking and redacted thinking).
 */
export function encodeModelParts(parts: readonly ContentPart[], audience: PartsAudience, dropped?: { reasoning: number }): JsonObject[] {
  const out: JsonObject[] = [];
  let carried: ThinkingPart | undefined;
  /** Gemini's signature for the next call, from the thinking part before it (upstream only). */
  let callSignature: string | undefined;
  let calls = 0;
  for (const [i, part] of parts.entries()) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') out.push({ text: part.text });
        break;
      case 'thinking':
        if (part.origin === 'gemini') {
          if (audience.to === 'upstream') callSignature = callSignatureCarrier(part, parts[i + 1]);
          if (callSignature === undefined) ownThinking(out, part, audience.to === 'upstream' || audience.showThoughts);
          else if (part.text !== '') out.push({ text: part.text, thought: true });
        } else if (audience.to === 'upstream') {
          if (dropped !== undefined) dropped.reasoning++;
        } else {
          if (isForeignSignature(part, 'gemini')) carried = part;
          if (audience.showThoughts && (part.text !== '' || isForeignSignature(part, 'gemini'))) {
            const thought: JsonObject = { text: part.text, thought: true };
            if (isForeignSignature(part, 'gemini')) thought.thoughtSignature = wrapThoughtSignature(part.origin, part.signature);
            out.push(thought);
          }
        }
        break;
      case 'tool_call': {
        const signature =
          audience.to === 'upstream'
            ? part.origin === 'gemini'
              ? part.signature
              : callSignature
            : clientCallSignature(part, carried, calls === 0);
        out.push(functionCallPart(part.id, part.name, part.arguments, signature));
        carried = undefined;
        callSignature = undefined;
        calls++;
        break;
      }
      case 'image':
        out.push(encodeImage(part));
        break;
      case 'redacted_thinking':
        if (audience.to === 'upstream' && dropped !== undefined) dropped.reasoning++;
        break;
      case 'tool_result':
        break;
    }
  }
  return out;
}
