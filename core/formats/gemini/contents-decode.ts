import type { CanonicalMessage, ContentPart, ImagePart, ToolResultPart } from '../canonical.js';
import type { Warn } from '../codec.js';
import { isImageType } from './media.js';
import { appendModelPart } from './model-parts-decode.js';
import { readThoughtSignature } from './thought-signature.js';
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

/** Fields that hold a part's data in the kinds this codec reads. */
const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse'];
/** Fields that only describe a part (or sign it), never its data. */
const META_FIELDS = new Set(['thought', 'thoughtSignature', 'videoMetadata', 'partMetadata', 'mediaResolution']);

/**
 * A part of a kind the canonical model has no form for (executableCode, codeExecutionResult,
 * the server-side toolCall / toolResponse of built-in tools, or anything newer): dropped with
 * a warning. Undefined when the part is of a kind this codec reads (or holds only metadata).
 */
function unreadKind(part: WirePart): string | undefined {
  if (DATA_FIELDS.some((field) => part[field] != null)) return undefined;
  return Object.keys(part).find((key) => !META_FIELDS.has(key) && part[key] != null);
}

function dropUnread(part: WirePart, at: string, warn: Warn): boolean {
  const kind = unreadKind(part);
  if (kind !== undefined) warn(`${at}.${kind}: part dropped: it is not carried by translation`);
  return kind !== undefined;
}

/** Image media -> an image part; other media (audio, video, PDF) is dropped with a warning. */
function decodeMedia(part: WirePart, path: string, warn: Warn): ImagePart | undefined {
  if (part.inlineData != null) {
    const { mimeType, data } = part.inlineData;
    if (isImageType(mimeType)) return { type: 'image', source: { kind: 'base64', mediaType: mimeType, data } };
    warn(`${path}.inlineData: ${mimeType} dropped: only images are carried by translation`);
    return undefined;
  }
  if (part.fileData != null) {
    const { mimeType, fileUri } = part.fileData;
    if (mimeType == null || isImageType(mimeType)) return { type: 'image', source: { kind: 'url', url: fileUri } };
    warn(`${path}.fileData: ${mimeType} dropped: only images are carried by translation`);
  }
  return undefined;
}

/**
 * Per Google's FunctionResponse reference the response object holds the result under
 * `output` and a failure under `error`; one with only `error` is a failed call.
 */
function toolResult(response: NonNullable<WirePart['functionResponse']>, call: CallRecord, path: string, warn: Warn): ToolResultPart {
  const body = response.response ?? {};
  const content: ToolResultPart['content'] = [{ type: 'text', text: JSON.stringify(body) }];
  for (const [i, media] of (response.parts ?? []).entries()) {
    const image = decodeMedia(media, `${path}.functionResponse.parts[${i}]`, warn);
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

function decodeUserParts(parts: WirePart[], path: string, calls: CallRecord[], warn: Warn): PartsResult {
  const out: ContentPart[] = [];
  for (const [j, part] of parts.entries()) {
    const at = `${path}.parts[${j}]`;
    if (dropUnread(part, at, warn)) continue;
    if (part.functionCall != null) return { ok: false, message: `${at}.functionCall: a functionCall belongs in a 'model' turn` };
    if (part.functionResponse != null) {
      const call = matchCall(part.functionResponse, calls);
      if (call === undefined) {
        const id = part.functionResponse.id != null ? ` or id '${part.functionResponse.id}'` : '';
        return { ok: false, message: `${at}.functionResponse: no earlier functionCall named '${part.functionResponse.name}'${id}` };
      }
      call.answered = true;
      out.push(toolResult(part.functionResponse, call, at, warn));
      continue;
    }
    if (part.inlineData != null || part.fileData != null) {
      const media = decodeMedia(part, at, warn);
      if (media !== undefined) out.push(media);
    } else if (part.text != null && part.text !== '') out.push({ type: 'text', text: part.text });
  }
  return { ok: true, parts: out };
}

function decodeModelParts(parts: WirePart[], path: string, calls: CallRecord[], mintId: () => string, warn: Warn): PartsResult {
  const out: ContentPart[] = [];
  for (const [j, part] of parts.entries()) {
    const at = `${path}.parts[${j}]`;
    if (dropUnread(part, at, warn)) continue;
    if (part.functionResponse != null) return { ok: false, message: `${at}.functionResponse: a functionResponse belongs in a 'user' turn` };
    if (part.functionCall == null && (part.inlineData != null || part.fileData != null)) {
      const media = decodeMedia(part, at, warn);
      if (media !== undefined) out.push(media);
      continue;
    }
    for (const decoded of appendModelPart(out, part, mintId, readThoughtSignature)) {
      if (decoded.type === 'tool_call') calls.push({ id: decoded.id, name: decoded.name, answered: false });
    }
  }
  return { ok: true, parts: out };
}

/**
 * Gemini `contents` -> canonical messages. Function calls without an id get one minted;
 * each functionResponse becomes a tool_result answering the call it matches. Thought
 * signatures are read as a client echoes them (gateway wrappers name their origin).
 */
export function decodeContents(
  contents: WireContent[],
  requestId: string,
  warn: Warn,
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
    if (role === 'user' || role === 'function' || role === '') result = decodeUserParts(content.parts, path, calls, warn);
    else if (role === 'model') result = decodeModelParts(content.parts, path, calls, mintId, warn);
    else return { ok: false, message: `${path}.role: must be 'user' or 'model', got '${role}'` };
    if (!result.ok) return result;
    if (result.parts.length > 0) messages.push({ role: role === 'model' ? 'assistant' : 'user', content: result.parts });
  }
  return { ok: true, messages };
}
