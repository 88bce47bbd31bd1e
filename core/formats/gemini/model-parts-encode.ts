import type { ContentPart } from '../canonical.js';
import { parseJsonObject, type JsonObject } from './json-object.js';
import { encodeImage } from './media.js';

/**
 * Which thinking text goes out: upstream, only Gemini's own thoughts (others mean nothing
 * to it); to a client, all of them when it asked for thoughts (includeThoughts), else none.
 */
export type ThoughtText = 'gemini' | 'all' | 'none';

export function functionCallPart(id: string, name: string, args: string, signature: string | undefined): JsonObject {
  const part: JsonObject = { functionCall: { id, name, args: parseJsonObject(args) ?? {} } };
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

/** A part that can still take a signature: text (thought or not) not yet signed. */
function canTakeSignature(part: JsonObject | undefined): part is JsonObject {
  return part !== undefined && typeof part.text === 'string' && part.thoughtSignature === undefined;
}

/**
 * Canonical parts of a model turn -> Gemini parts. Signatures go out only when Gemini
 * issued them (origin 'gemini'); a signature with no thinking text to carry it goes back
 * on the text part just before it, as Gemini sent it, or on an empty text part.
 */
export function encodeModelParts(parts: readonly ContentPart[], thoughts: ThoughtText): JsonObject[] {
  const out: JsonObject[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') out.push({ text: part.text });
        break;
      case 'thinking': {
        const signature = part.origin === 'gemini' ? part.signature : undefined;
        const showText = part.text !== '' && (thoughts === 'all' || (thoughts === 'gemini' && part.origin === 'gemini'));
        if (showText) {
          const thought: JsonObject = { text: part.text, thought: true };
          if (signature !== undefined) thought.thoughtSignature = signature;
          out.push(thought);
        } else if (signature !== undefined) {
          const previous = out[out.length - 1];
          if (canTakeSignature(previous)) previous.thoughtSignature = signature;
          else out.push({ text: '', thoughtSignature: signature });
        }
        break;
      }
      case 'tool_call':
        out.push(functionCallPart(part.id, part.name, part.arguments, part.origin === 'gemini' ? part.signature : undefined));
        break;
      case 'image':
        out.push(encodeImage(part));
        break;
      case 'redacted_thinking':
      case 'tool_result':
        break;
    }
  }
  return out;
}
