import type { CacheControl, CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import {
  base64SourceSchema,
  imageBlockSchema,
  redactedThinkingBlockSchema,
  textBlockSchema,
  thinkingBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  urlSourceSchema,
  type WireCacheControl,
  type WireMessage,
} from './request-schema.js';
import { unwrapSignature } from './signature-wrap.js';
import { inputToArguments } from './tool-input.js';
import { invalid, parseAt, type Parsed, type Path } from './validation.js';

export function cacheControlFromWire(cc: WireCacheControl): { cacheControl?: CacheControl } {
  if (cc === null || cc === undefined) return {};
  return { cacheControl: cc.ttl ? { type: 'ephemeral', ttl: cc.ttl } : { type: 'ephemeral' } };
}

export function decodeTextBlock(block: unknown, path: Path): Parsed<TextPart> {
  const parsed = parseAt(textBlockSchema, block, path);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { type: 'text', text: parsed.value.text, ...cacheControlFromWire(parsed.value.cache_control) } };
}

function decodeImageBlock(block: unknown, path: Path): Parsed<ImagePart> {
  const parsed = parseAt(imageBlockSchema, block, path);
  if (!parsed.ok) return parsed;
  const { source, cache_control } = parsed.value;
  const sourcePath = [...path, 'source'];
  if (source.type === 'base64') {
    const s = parseAt(base64SourceSchema, source, sourcePath);
    if (!s.ok) return s;
    const part: ImagePart = { type: 'image', source: { kind: 'base64', mediaType: s.value.media_type, data: s.value.data } };
    return { ok: true, value: { ...part, ...cacheControlFromWire(cache_control) } };
  }
  if (source.type === 'url') {
    const s = parseAt(urlSourceSchema, source, sourcePath);
    if (!s.ok) return s;
    return { ok: true, value: { type: 'image', source: { kind: 'url', url: s.value.url }, ...cacheControlFromWire(cache_control) } };
  }
  return { ok: false, error: invalid([...sourcePath, 'type'], `image source type '${source.type}' is not supported by this gateway`) };
}

function decodeToolResultContent(
  content: string | Array<{ type: string }> | null | undefined,
  path: Path,
): Parsed<Array<TextPart | ImagePart>> {
  if (content === undefined || content === null) return { ok: true, value: [] };
  if (typeof content === 'string') return { ok: true, value: content === '' ? [] : [{ type: 'text', text: content }] };
  const out: Array<TextPart | ImagePart> = [];
  for (const [j, block] of content.entries()) {
    const blockPath = [...path, j];
    const part =
      block.type === 'text'
        ? decodeTextBlock(block, blockPath)
        : block.type === 'image'
          ? decodeImageBlock(block, blockPath)
          : unsupported(block.type, blockPath);
    if (!part.ok) return part;
    out.push(part.value);
  }
  return { ok: true, value: out };
}

function unsupported(type: string, path: Path): { ok: false; error: ReturnType<typeof invalid> } {
  return { ok: false, error: invalid([...path, 'type'], `content block type '${type}' is not supported by this gateway`) };
}

/**
 * Decodes `messages`. Anthropic requires every tool_result to answer a tool_use of the
 * assistant message just before it; that is checked here so a broken history fails with
 * a 400 naming the block instead of reaching a provider that words it differently.
 */
export function decodeMessages(messages: WireMessage[]): Parsed<CanonicalMessage[]> {
  const out: CanonicalMessage[] = [];
  let previousCalls = new Map<string, string>();
  for (const [i, message] of messages.entries()) {
    const path: Path = ['messages', i, 'content'];
    if (typeof message.content === 'string') {
      out.push({ role: message.role, content: [{ type: 'text', text: message.content }] });
      if (message.role === 'assistant') previousCalls = new Map();
      continue;
    }
    const calls = new Map<string, string>();
    const content: ContentPart[] = [];
    for (const [j, block] of message.content.entries()) {
      const part = decodeBlock(block, [...path, j], previousCalls, message.role);
      if (!part.ok) return part;
      if (part.value.type === 'tool_call') calls.set(part.value.id, part.value.name);
      content.push(part.value);
    }
    if (message.role === 'assistant') previousCalls = calls;
    out.push({ role: message.role, content });
  }
  return { ok: true, value: out };
}

function decodeBlock(
  block: { type: string },
  path: Path,
  previousCalls: Map<string, string>,
  role: WireMessage['role'],
): Parsed<ContentPart> {
  switch (block.type) {
    case 'text':
      return decodeTextBlock(block, path);
    case 'image':
      return decodeImageBlock(block, path);
    case 'tool_use': {
      const parsed = parseAt(toolUseBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      const { id, name, input, cache_control } = parsed.value;
      return { ok: true, value: { type: 'tool_call', id, name, arguments: inputToArguments(input), ...cacheControlFromWire(cache_control) } };
    }
    case 'tool_result': {
      const parsed = parseAt(toolResultBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      const { tool_use_id, content, is_error, cache_control } = parsed.value;
      if (role !== 'user') return { ok: false, error: invalid([...path, 'type'], 'tool_result blocks are only allowed in user messages') };
      const name = previousCalls.get(tool_use_id);
      if (name === undefined) {
        return {
          ok: false,
          error: invalid(
            [...path, 'tool_use_id'],
            `unexpected tool_use_id '${tool_use_id}': each tool_result block must answer a tool_use block in the assistant message just before it`,
          ),
        };
      }
      const parts = decodeToolResultContent(content, [...path, 'content']);
      if (!parts.ok) return parts;
      return {
        ok: true,
        value: {
          type: 'tool_result',
          toolCallId: tool_use_id,
          name,
          content: parts.value,
          ...(is_error ? { isError: true } : {}),
          ...cacheControlFromWire(cache_control),
        },
      };
    }
    case 'thinking': {
      const parsed = parseAt(thinkingBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      const { signature, origin } = unwrapSignature(parsed.value.signature ?? undefined);
      return {
        ok: true,
        value: {
          type: 'thinking',
          text: parsed.value.thinking,
          ...(signature !== undefined ? { signature } : {}),
          ...(origin !== undefined ? { origin } : {}),
        },
      };
    }
    case 'redacted_thinking': {
      const parsed = parseAt(redactedThinkingBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      return { ok: true, value: { type: 'redacted_thinking', data: parsed.value.data } };
    }
    default:
      return unsupported(block.type, path);
  }
}
