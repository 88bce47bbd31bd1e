import { z } from 'zod';
import type { AssistantPart, CanonicalMessage, ImagePart, TextPart, ToolResultPart } from '../canonical.js';
import type { Decoded } from '../codec.js';
import { badRequest, formatPath, zodBadRequest, type Path } from './validation.js';

/** Chat Completions `messages[]` -> canonical system prompt and messages. */

export interface DecodedMessages {
  system: TextPart[];
  messages: CanonicalMessage[];
}

const contentSchema = z.union([z.string(), z.array(z.unknown())], {
  error: 'expected a string or an array of content parts',
});

const systemSchema = z.object({ content: contentSchema });
const userSchema = z.object({ content: contentSchema });
const toolSchema = z.object({ tool_call_id: z.string().min(1), content: contentSchema });
const assistantSchema = z.object({
  content: contentSchema.nullish(),
  refusal: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  tool_calls: z
    .array(
      z.object({
        id: z.string().min(1),
        type: z.literal('function').optional(),
        function: z.object({ name: z.string().min(1), arguments: z.string() }),
      }),
    )
    .nullish(),
});

const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });
const refusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() });
const imagePartSchema = z.object({
  type: z.literal('image_url'),
  image_url: z.union([z.string(), z.object({ url: z.string(), detail: z.string().nullish() })], {
    error: 'expected {"url": ...}',
  }),
});

type PartKind = 'text' | 'refusal' | 'image_url';

function ok<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes a content value allowing only the listed part types. */
function decodeContent(
  content: string | unknown[],
  path: Path,
  allowed: readonly PartKind[],
): Decoded<Array<TextPart | ImagePart>> {
  if (typeof content === 'string') return ok([{ type: 'text', text: content }]);
  const parts: Array<TextPart | ImagePart> = [];
  for (const [j, raw] of content.entries()) {
    const partPath = [...path, j];
    const type = isRecord(raw) ? raw.type : undefined;
    if (typeof type !== 'string' || !(allowed as readonly string[]).includes(type)) {
      const list = allowed.join(', ');
      const shown = typeof type === 'string' ? `'${type}'` : JSON.stringify(type ?? null);
      return badRequest(`${formatPath([...partPath, 'type'])}: ${shown} content parts are not supported here; use ${list}`);
    }
    if (type === 'text') {
      const parsed = textPartSchema.safeParse(raw);
      if (!parsed.success) return zodBadRequest(parsed.error, partPath);
      parts.push({ type: 'text', text: parsed.data.text });
    } else if (type === 'refusal') {
      const parsed = refusalPartSchema.safeParse(raw);
      if (!parsed.success) return zodBadRequest(parsed.error, partPath);
      parts.push({ type: 'text', text: parsed.data.refusal });
    } else {
      const parsed = imagePartSchema.safeParse(raw);
      if (!parsed.success) return zodBadRequest(parsed.error, partPath);
      const image = parsed.data.image_url;
      const decoded = imageFromUrl(typeof image === 'string' ? { url: image } : image, [...partPath, 'image_url', 'url']);
      if (!decoded.ok) return decoded;
      parts.push(decoded.value);
    }
  }
  return ok(parts);
}

function imageFromUrl(image: { url: string; detail?: string | null }, path: Path): Decoded<ImagePart> {
  const part: ImagePart = { type: 'image', source: { kind: 'url', url: image.url } };
  if (image.url.startsWith('data:')) {
    const comma = image.url.indexOf(',');
    const params = (comma === -1 ? '' : image.url.slice(5, comma)).split(';');
    const mediaType = params[0] ?? '';
    if (comma === -1 || mediaType === '' || !params.slice(1).some((p) => p.toLowerCase() === 'base64')) {
      return badRequest(`${formatPath(path)}: a data: URL must look like data:<media type>;base64,<data>`);
    }
    part.source = { kind: 'base64', mediaType, data: image.url.slice(comma + 1) };
  } else if (!/^https?:\/\//i.test(image.url)) {
    return badRequest(`${formatPath(path)}: expected an http(s) URL or a base64 data: URL`);
  }
  if (image.detail === 'auto' || image.detail === 'low' || image.detail === 'high') part.detail = image.detail;
  return ok(part);
}

function textsOnly(parts: Array<TextPart | ImagePart>): TextPart[] {
  return parts.filter((p): p is TextPart => p.type === 'text');
}

export function decodeMessages(raw: unknown[]): Decoded<DecodedMessages> {
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  // Consecutive tool messages answer one assistant turn, so they share one user message.
  let toolResults: ToolResultPart[] | undefined;

  for (const [i, item] of raw.entries()) {
    const path: Path = ['messages', i];
    if (!isRecord(item)) return badRequest(`${formatPath(path)}: expected a message object`);
    const role = item.role;
    if (role !== 'tool' && role !== 'system' && role !== 'developer') toolResults = undefined;

    if (role === 'system' || role === 'developer') {
      const parsed = systemSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const content = decodeContent(parsed.data.content, [...path, 'content'], ['text']);
      if (!content.ok) return content;
      system.push(...textsOnly(content.value));
    } else if (role === 'user') {
      const parsed = userSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const content = decodeContent(parsed.data.content, [...path, 'content'], ['text', 'image_url']);
      if (!content.ok) return content;
      messages.push({ role: 'user', content: content.value });
    } else if (role === 'assistant') {
      const parsed = assistantSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const message = parsed.data;
      const parts: AssistantPart[] = [];
      const reasoning = message.reasoning_content || message.reasoning;
      if (reasoning) parts.push({ type: 'thinking', text: reasoning });
      if (message.content !== undefined && message.content !== null) {
        const content = decodeContent(message.content, [...path, 'content'], ['text', 'refusal']);
        if (!content.ok) return content;
        parts.push(...textsOnly(content.value).filter((p) => p.text !== ''));
      }
      if (message.refusal) parts.push({ type: 'text', text: message.refusal });
      for (const call of message.tool_calls ?? []) {
        toolNames.set(call.id, call.function.name);
        parts.push({ type: 'tool_call', id: call.id, name: call.function.name, arguments: call.function.arguments });
      }
      if (parts.length === 0) parts.push({ type: 'text', text: '' });
      messages.push({ role: 'assistant', content: parts });
    } else if (role === 'tool') {
      const parsed = toolSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const { tool_call_id: id } = parsed.data;
      const name = toolNames.get(id);
      if (name === undefined) {
        return badRequest(`${formatPath([...path, 'tool_call_id'])}: '${id}' does not match any earlier assistant tool_calls[].id`);
      }
      const content = decodeContent(parsed.data.content, [...path, 'content'], ['text', 'image_url']);
      if (!content.ok) return content;
      const result: ToolResultPart = { type: 'tool_result', toolCallId: id, name, content: content.value };
      if (toolResults) toolResults.push(result);
      else {
        toolResults = [result];
        messages.push({ role: 'user', content: toolResults });
      }
    } else {
      const detail =
        role === 'function'
          ? "the legacy 'function' role is not supported; send tool results with role 'tool'"
          : "expected one of 'system', 'developer', 'user', 'assistant', 'tool'";
      return badRequest(`${formatPath([...path, 'role'])}: ${detail}`);
    }
  }
  return ok({ system, messages });
}
