import { z } from 'zod';
import type { AssistantPart, CanonicalMessage, ImagePart, TextPart, ToolCallPart, ToolResultPart } from '../canonical.js';
import type { Decoded } from '../codec.js';
import { argumentsFromCustomInput } from '../custom-tools.js';
import type { Warn } from '../codec.js';
import { badRequest, formatPath, zodBadRequest, type Path } from './validation.js';

/**
 * Chat Completions `messages[]` -> canonical system prompt and messages. System and developer
 * messages before the conversation make the system prompt; later ones stay where they are,
 * as canonical system messages. Content parts and roles the canonical model cannot carry
 * (audio, files, unknown roles) are dropped with a warning.
 */

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
const functionCallSchema = z.object({ name: z.string().min(1), arguments: z.string() });
const assistantSchema = z.object({
  content: contentSchema.nullish(),
  refusal: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  // Read one by one in toolCall(): function calls and custom (free-text) tool calls.
  tool_calls: z.array(z.unknown()).nullish(),
  // The legacy single call, answered by a `function` role message.
  function_call: functionCallSchema.nullish(),
});
const functionToolCallSchema = z.object({ id: z.string().min(1), type: z.literal('function').optional(), function: functionCallSchema });
// A call to a custom tool carries its free text as `input` (see custom-tools.ts).
const customToolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal('custom'),
  custom: z.object({ name: z.string().min(1), input: z.string() }),
});
const functionResultSchema = z.object({ name: z.string().min(1), content: contentSchema.nullish() });

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

/** Decodes a content value keeping the listed part types; others are dropped with a warning. */
function decodeContent(
  content: string | unknown[],
  path: Path,
  allowed: readonly PartKind[],
  warn: Warn,
): Decoded<Array<TextPart | ImagePart>> {
  if (typeof content === 'string') return ok([{ type: 'text', text: content }]);
  const parts: Array<TextPart | ImagePart> = [];
  for (const [j, raw] of content.entries()) {
    const partPath = [...path, j];
    const type = isRecord(raw) ? raw.type : undefined;
    if (typeof type !== 'string') return badRequest(`${formatPath([...partPath, 'type'])}: expected a string`);
    if (!(allowed as readonly string[]).includes(type)) {
      warn(`${formatPath(partPath)}: content part type '${type}' dropped: only ${allowed.join(', ')} parts are carried here when translating`);
      continue;
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

/** One entry of an assistant message's tool_calls: a function call or a custom tool call. */
function toolCall(raw: unknown, path: Path): Decoded<ToolCallPart> {
  if (isRecord(raw) && raw.type === 'custom') {
    const parsed = customToolCallSchema.safeParse(raw);
    if (!parsed.success) return zodBadRequest(parsed.error, path);
    const { id, custom } = parsed.data;
    return ok({ type: 'tool_call', id, name: custom.name, arguments: argumentsFromCustomInput(custom.input) });
  }
  const parsed = functionToolCallSchema.safeParse(raw);
  if (!parsed.success) return zodBadRequest(parsed.error, path);
  const { id, function: fn } = parsed.data;
  return ok({ type: 'tool_call', id, name: fn.name, arguments: fn.arguments });
}

export function decodeMessages(raw: unknown[], warn: Warn): Decoded<DecodedMessages> {
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  // Legacy function calls have no id: the gateway names them, and a `function` message
  // answers the latest unanswered call of its name.
  const legacyCalls: Array<{ id: string; name: string }> = [];
  // Consecutive tool messages answer one assistant turn, so they share one user message.
  let toolResults: ToolResultPart[] | undefined;
  const addResult = (result: ToolResultPart): void => {
    if (toolResults) toolResults.push(result);
    else {
      toolResults = [result];
      messages.push({ role: 'user', content: toolResults });
    }
  };

  for (const [i, item] of raw.entries()) {
    const path: Path = ['messages', i];
    if (!isRecord(item)) return badRequest(`${formatPath(path)}: expected a message object`);
    const role = item.role;
    if (role !== 'tool' && role !== 'function' && role !== 'system' && role !== 'developer') toolResults = undefined;

    if (role === 'system' || role === 'developer') {
      const parsed = systemSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const content = decodeContent(parsed.data.content, [...path, 'content'], ['text'], warn);
      if (!content.ok) return content;
      const texts = textsOnly(content.value);
      if (messages.length === 0) system.push(...texts);
      else if (texts.length > 0) {
        messages.push({ role: 'system', content: texts });
        toolResults = undefined;
      }
    } else if (role === 'user') {
      const parsed = userSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const content = decodeContent(parsed.data.content, [...path, 'content'], ['text', 'image_url'], warn);
      if (!content.ok) return content;
      // Nothing left when every part was dropped: an empty user turn is refused upstream.
      if (content.value.length > 0) messages.push({ role: 'user', content: content.value });
    } else if (role === 'assistant') {
      const parsed = assistantSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const message = parsed.data;
      const parts: AssistantPart[] = [];
      const reasoning = message.reasoning_content || message.reasoning;
      if (reasoning) parts.push({ type: 'thinking', text: reasoning });
      if (message.content !== undefined && message.content !== null) {
        const content = decodeContent(message.content, [...path, 'content'], ['text', 'refusal'], warn);
        if (!content.ok) return content;
        parts.push(...textsOnly(content.value).filter((p) => p.text !== ''));
      }
      if (message.refusal) parts.push({ type: 'text', text: message.refusal });
      for (const [j, raw] of (message.tool_calls ?? []).entries()) {
        const call = toolCall(raw, [...path, 'tool_calls', j]);
        if (!call.ok) return call;
        toolNames.set(call.value.id, call.value.name);
        parts.push(call.value);
      }
      if (message.function_call) {
        const id = `call_fn_${i}`;
        legacyCalls.push({ id, name: message.function_call.name });
        toolNames.set(id, message.function_call.name);
        parts.push({ type: 'tool_call', id, name: message.function_call.name, arguments: message.function_call.arguments });
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
      const content = decodeContent(parsed.data.content, [...path, 'content'], ['text', 'image_url'], warn);
      if (!content.ok) return content;
      addResult({ type: 'tool_result', toolCallId: id, name, content: content.value });
    } else if (role === 'function') {
      const parsed = functionResultSchema.safeParse(item);
      if (!parsed.success) return zodBadRequest(parsed.error, path);
      const at = legacyCalls.findLastIndex((c) => c.name === parsed.data.name);
      const call = legacyCalls[at];
      if (!call) {
        warn(`${formatPath(path)}: a 'function' message dropped: no earlier assistant function_call of '${parsed.data.name}' to answer`);
        continue;
      }
      legacyCalls.splice(at, 1);
      const content = decodeContent(parsed.data.content ?? '', [...path, 'content'], ['text'], warn);
      if (!content.ok) return content;
      addResult({ type: 'tool_result', toolCallId: call.id, name: call.name, content: content.value });
    } else {
      warn(`${formatPath([...path, 'role'])}: a message with role ${JSON.stringify(role ?? null)} dropped: only system, developer, user, assistant, tool and function messages are carried`);
    }
  }
  return ok({ system, messages });
}
