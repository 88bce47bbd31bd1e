import { toolNamesById, type CanonicalMessage, type ContentPart, type ToolResultPart } from '../canonical.js';
import { parseJsonObject, type JsonObject } from './json-object.js';
import { encodeImage } from './media.js';
import { encodeModelParts } from './model-parts-encode.js';
import { PLACEHOLDER_THOUGHT_SIGNATURE } from './thought-signature.js';

/**
 * FunctionResponse.response must be an object; Google's reference names `output` for a
 * result and `error` for a failure. A result that already is a JSON object goes as is.
 */
function functionResponsePart(part: ToolResultPart, names: Map<string, string>): JsonObject[] {
  const text = part.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
  const response = parseJsonObject(text) ?? (part.isError === true ? { error: text } : { output: text });
  const name = part.name !== '' ? part.name : (names.get(part.toolCallId) ?? '');
  const out: JsonObject[] = [{ functionResponse: { id: part.toolCallId, name, response } }];
  for (const c of part.content) if (c.type === 'image') out.push(encodeImage(c));
  return out;
}

function encodeUserParts(parts: readonly ContentPart[], names: Map<string, string>): JsonObject[] {
  const out: JsonObject[] = [];
  for (const part of parts) {
    if (part.type === 'text' && part.text !== '') out.push({ text: part.text });
    else if (part.type === 'image') out.push(encodeImage(part));
    else if (part.type === 'tool_result') out.push(...functionResponsePart(part, names));
  }
  return out;
}

/**
 * Gemini 3 refuses a request whose current turn has a model step (a model content) whose
 * first functionCall part has no thoughtSignature. A call Gemini did not sign (another
 * provider's history, or a signature lost on the way) gets the documented placeholder;
 * older turns are not validated, and the placeholder is accepted there too.
 */
function ensureCallSignature(parts: JsonObject[]): void {
  const firstCall = parts.find((p) => p.functionCall !== undefined);
  if (firstCall !== undefined && firstCall.thoughtSignature === undefined) {
    firstCall.thoughtSignature = PLACEHOLDER_THOUGHT_SIGNATURE;
  }
}

/**
 * Canonical user and assistant messages -> Gemini `contents`: assistant -> 'model',
 * same-role turns merged. `dropped` counts the reasoning Gemini cannot read.
 */
export function encodeContents(messages: readonly CanonicalMessage[], dropped?: { reasoning: number }): JsonObject[] {
  const names = toolNamesById([...messages]);
  const contents: Array<{ role: 'user' | 'model'; parts: JsonObject[] }> = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = role === 'model' ? encodeModelParts(message.content, { to: 'upstream' }, dropped) : encodeUserParts(message.content, names);
    if (parts.length === 0) continue;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  for (const content of contents) if (content.role === 'model') ensureCallSignature(content.parts);
  return contents;
}
