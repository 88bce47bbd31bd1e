import type { CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import { cacheControlFromWire, decodeMediaBlock, decodeSystemText, dropBlock, type Warnings } from './block-decode.js';
import {
  redactedThinkingBlockSchema,
  thinkingBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
  type WireMessage,
} from './request-schema.js';
import { unwrapSignature } from './signature-wrap.js';
import { inputToArguments } from './tool-input.js';
import { invalid, parseAt, type Parsed, type Path } from './validation.js';

type Role = CanonicalMessage['role'];

/**
 * The canonical role of a wire message. Claude Code sends `role: "system"` inside
 * `messages` (Anthropic's mid-conversation system messages); `developer` is OpenAI's name
 * for the same thing. Any other role the real API would refuse, but the message is still
 * the client's and is kept as user input rather than failing the whole request.
 */
function roleOf(role: string, index: number, warnings: Warnings): Role {
  if (role === 'user' || role === 'assistant' || role === 'system') return role;
  if (role === 'developer') return 'system';
  warnings.push(`messages[${index}].role: role '${role}' is not a Messages API role; the message was kept as a user message`);
  return 'user';
}

function decodeToolResultContent(
  content: string | Array<{ type: string }> | null | undefined,
  path: Path,
  warnings: Warnings,
): Parsed<Array<TextPart | ImagePart>> {
  if (content === undefined || content === null) return { ok: true, value: [] };
  if (typeof content === 'string') return { ok: true, value: content === '' ? [] : [{ type: 'text', text: content }] };
  const out: Array<TextPart | ImagePart> = [];
  for (const [j, block] of content.entries()) {
    const parts = decodeMediaBlock(block, [...path, j], warnings);
    if (!parts.ok) return parts;
    out.push(...parts.value);
  }
  return { ok: true, value: out };
}

/**
 * Decodes `messages`. Anthropic requires every tool_result to answer a tool_use of the
 * assistant message just before it; that is checked here so a broken history fails with
 * a 400 naming the block instead of reaching a provider that words it differently. System
 * messages are instructions, not turns: they do not change which calls a tool_result may
 * answer. A message left without content once unsupported blocks were dropped is left out.
 */
export function decodeMessages(messages: WireMessage[], warnings: Warnings): Parsed<CanonicalMessage[]> {
  const out: CanonicalMessage[] = [];
  let previousCalls = new Map<string, string>();
  for (const [i, message] of messages.entries()) {
    const role = roleOf(message.role, i, warnings);
    const path: Path = ['messages', i, 'content'];
    if (role === 'system') {
      // A system message carries instructions only: its text, without images or tool blocks.
      const content = decodeSystemText(message.content, path, 'a system message', warnings);
      if (!content.ok) return content;
      if (content.value.length > 0) out.push({ role, content: content.value });
      continue;
    }
    if (typeof message.content === 'string') {
      out.push({ role, content: [{ type: 'text', text: message.content }] });
      if (role === 'assistant') previousCalls = new Map();
      continue;
    }
    const calls = new Map<string, string>();
    const content: ContentPart[] = [];
    for (const [j, block] of message.content.entries()) {
      const parts = decodeBlock(block, [...path, j], { previousCalls, role, warnings });
      if (!parts.ok) return parts;
      for (const part of parts.value) {
        if (part.type === 'tool_call') calls.set(part.id, part.name);
        content.push(part);
      }
    }
    if (role === 'assistant') previousCalls = calls;
    if (content.length > 0 || message.content.length === 0) out.push({ role, content });
  }
  return { ok: true, value: out };
}

interface BlockContext {
  previousCalls: Map<string, string>;
  role: 'user' | 'assistant';
  warnings: Warnings;
}

function decodeBlock(block: { type: string }, path: Path, ctx: BlockContext): Parsed<ContentPart[]> {
  const one = (part: Parsed<ContentPart>): Parsed<ContentPart[]> => (part.ok ? { ok: true, value: [part.value] } : part);
  switch (block.type) {
    case 'tool_use': {
      const parsed = parseAt(toolUseBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      const { id, name, input, cache_control } = parsed.value;
      return one({ ok: true, value: { type: 'tool_call', id, name, arguments: inputToArguments(input), ...cacheControlFromWire(cache_control) } });
    }
    case 'tool_result':
      return one(decodeToolResult(block, path, ctx));
    case 'thinking': {
      const parsed = parseAt(thinkingBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      const { signature, origin } = unwrapSignature(parsed.value.signature ?? undefined);
      return one({
        ok: true,
        value: {
          type: 'thinking',
          text: parsed.value.thinking,
          ...(signature !== undefined ? { signature } : {}),
          ...(origin !== undefined ? { origin } : {}),
        },
      });
    }
    case 'redacted_thinking': {
      const parsed = parseAt(redactedThinkingBlockSchema, block, path);
      if (!parsed.ok) return parsed;
      return one({ ok: true, value: { type: 'redacted_thinking', data: parsed.value.data } });
    }
    case 'text':
    case 'image':
    case 'document':
      return decodeMediaBlock(block, path, ctx.warnings);
    default:
      // server_tool_use, web_search_tool_result, search_result, container_upload, ...:
      // Anthropic-side content with no canonical part.
      dropBlock(ctx.warnings, path, block.type);
      return { ok: true, value: [] };
  }
}

function decodeToolResult(block: unknown, path: Path, ctx: BlockContext): Parsed<ContentPart> {
  const parsed = parseAt(toolResultBlockSchema, block, path);
  if (!parsed.ok) return parsed;
  const { tool_use_id, content, is_error, cache_control } = parsed.value;
  if (ctx.role !== 'user') return { ok: false, error: invalid([...path, 'type'], 'tool_result blocks are only allowed in user messages') };
  const name = ctx.previousCalls.get(tool_use_id);
  if (name === undefined) {
    return {
      ok: false,
      error: invalid(
        [...path, 'tool_use_id'],
        `unexpected tool_use_id '${tool_use_id}': each tool_result block must answer a tool_use block in the assistant message just before it`,
      ),
    };
  }
  const parts = decodeToolResultContent(content, [...path, 'content'], ctx.warnings);
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
