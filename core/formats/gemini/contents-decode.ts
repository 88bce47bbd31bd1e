import type { CanonicalMessage, ContentPart, ImagePart, ToolResultPart } from '../canonical.js';
import { isImageType } from './media.js';
import { appendModelPart } from './model-parts-decode.js';
import type { WirePart } from './wire-schema.js';

export interface WireContent {
  role?: string | null | undefined;
  parts: WirePart[];
}

interface CallRecord {
  id: string;
  name: string;
  answered: boolean;
}

type PartsResult = { ok: true; parts: ContentPart[] } | { ok: false; message: string };

/** Part kinds that only exist with Gemini's built-in tools, which the gateway cannot route. */
const BUILT_IN_PART_KINDS = ['executableCode', 'codeExecutionResult', 'toolCall', 'toolResponse'];

function builtInKind(part: WirePart): string | undefined {
  return BUILT_IN_PART_KINDS.find((kind) => part[kind] != null);
}

function decodeMedia(part: WirePart, path: string): ImagePart | string | undefined {
  if (part.inlineData != null) {
    const { mimeType, data } = part.inlineData;
    if (!isImageType(mimeType)) return `${path}.inlineData.mimeType: only image/* media is supported, got ${mimeType}`;
    return { type: 'image', source: { kind: 'base64', mediaType: mimeType, data } };
  }
  if (part.fileData != null) {
    const { mimeType, fileUri } = part.fileData;
    if (mimeType != null && !isImageType(mimeType)) return `${path}.fileData.mimeType: only image/* media is supported, got ${mimeType}`;
    return { type: 'image', source: { kind: 'url', url: fileUri } };
  }
  return undefined;
}

/**
 * Per Google's FunctionResponse reference the response object holds the result under
 * `output` and a failure under `error`; one with only `error` is a failed call.
 */
function toolResult(
  response: NonNullable<WirePart['functionResponse']>,
  call: CallRecord,
  path: string,
): ToolResultPart | string {
  const body = response.response ?? {};
  const content: ToolResultPart['content'] = [{ type: 'text', text: JSON.stringify(body) }];
  for (const [i, media] of (response.parts ?? []).entries()) {
    const image = decodeMedia(media, `${path}.functionResponse.parts[${i}]`);
    if (typeof image === 'string') return image;
    if (image !== undefined) content.push(image);
  }
  const part: ToolResultPart = { type: 'tool_result', toolCallId: call.id, name: call.name, content };
  if ('error' in body && !('output' in body)) part.isError = true;
  return part;
}

/**
 * Matches a functionResponse to its call: by id (an unanswered call first, since minted ids
 * can repeat across turns), else the first unanswered call of that name.
 */
function matchCall(response: NonNullable<WirePart['functionResponse']>, calls: CallRecord[]): CallRecord | undefined {
  const id = response.id;
  const byId = id != null ? (calls.find((c) => c.id === id && !c.answered) ?? calls.find((c) => c.id === id)) : undefined;
  return byId ?? calls.find((c) => !c.answered && c.name === response.name);
}

function decodeUserParts(parts: WirePart[], path: string, calls: CallRecord[]): PartsResult {
  const out: ContentPart[] = [];
  for (const [j, part] of parts.entries()) {
    const at = `${path}.parts[${j}]`;
    const builtIn = builtInKind(part);
    if (builtIn !== undefined) return { ok: false, message: `${at}.${builtIn}: built-in tool parts are not supported` };
    if (part.functionCall != null) return { ok: false, message: `${at}.functionCall: a functionCall belongs in a 'model' turn` };
    if (part.functionResponse != null) {
      const call = matchCall(part.functionResponse, calls);
      if (call === undefined) {
        const id = part.functionResponse.id != null ? ` or id '${part.functionResponse.id}'` : '';
        return { ok: false, message: `${at}.functionResponse: no earlier functionCall named '${part.functionResponse.name}'${id}` };
      }
      call.answered = true;
      const result = toolResult(part.functionResponse, call, at);
      if (typeof result === 'string') return { ok: false, message: result };
      out.push(result);
      continue;
    }
    const media = decodeMedia(part, at);
    if (typeof media === 'string') return { ok: false, message: media };
    if (media !== undefined) out.push(media);
    else if (part.text != null && part.text !== '') out.push({ type: 'text', text: part.text });
  }
  return { ok: true, parts: out };
}

function decodeModelParts(parts: WirePart[], path: string, calls: CallRecord[], mintId: () => string): PartsResult {
  const out: ContentPart[] = [];
  for (const [j, part] of parts.entries()) {
    const at = `${path}.parts[${j}]`;
    const builtIn = builtInKind(part);
    if (builtIn !== undefined) return { ok: false, message: `${at}.${builtIn}: built-in tool parts are not supported` };
    if (part.functionResponse != null) return { ok: false, message: `${at}.functionResponse: a functionResponse belongs in a 'user' turn` };
    const media = decodeMedia(part, at);
    if (typeof media === 'string') return { ok: false, message: media };
    if (media !== undefined) {
      out.push(media);
      continue;
    }
    for (const decoded of appendModelPart(out, part, mintId)) {
      if (decoded.type === 'tool_call') calls.push({ id: decoded.id, name: decoded.name, answered: false });
    }
  }
  return { ok: true, parts: out };
}

/**
 * Gemini `contents` -> canonical messages. Function calls without an id get one minted;
 * each functionResponse becomes a tool_result answering the call it matches.
 */
export function decodeContents(
  contents: WireContent[],
  requestId: string,
): { ok: true; messages: CanonicalMessage[] } | { ok: false; message: string } {
  const calls: CallRecord[] = [];
  let minted = 0;
  const mintId = (): string => `call_${requestId}_${minted++}`;
  const messages: CanonicalMessage[] = [];
  for (const [i, content] of contents.entries()) {
    const path = `contents[${i}]`;
    const role = content.role ?? 'user';
    let result: PartsResult;
    // 'function' is the role older Gemini clients gave turns of function responses.
    if (role === 'user' || role === 'function' || role === '') result = decodeUserParts(content.parts, path, calls);
    else if (role === 'model') result = decodeModelParts(content.parts, path, calls, mintId);
    else return { ok: false, message: `${path}.role: must be 'user' or 'model', got '${role}'` };
    if (!result.ok) return result;
    if (result.parts.length > 0) messages.push({ role: role === 'model' ? 'assistant' : 'user', content: result.parts });
  }
  return { ok: true, messages };
}
