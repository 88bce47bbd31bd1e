import type { CacheControl, CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import type { Warn } from '../codec.js';
import { argumentsToInput } from './tool-input.js';

export type WireBlock = Record<string, unknown>;

export interface WireMessageOut {
  role: 'user' | 'assistant';
  content: WireBlock[];
}

/** Messages in Anthropic's shape, and the system text that has to live in top-level `system`. */
export interface EncodedMessages {
  messages: WireMessageOut[];
  system: WireBlock[];
}


export function cacheControlToWire(cc: CacheControl | undefined): { cache_control?: CacheControl } {
  if (cc === undefined) return {};
  return { cache_control: cc.ttl !== undefined ? { type: 'ephemeral', ttl: cc.ttl } : { type: 'ephemeral' } };
}

/** Anthropic rejects empty and whitespace-only text blocks, so those are left out. */
export function encodeText(part: TextPart): WireBlock | undefined {
  if (part.text.trim() === '') return undefined;
  return { type: 'text', text: part.text, ...cacheControlToWire(part.cacheControl) };
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

export function encodeImage(part: ImagePart): WireBlock {
  let source: WireBlock;
  if (part.source.kind === 'base64') {
    source = { type: 'base64', media_type: part.source.mediaType, data: part.source.data };
  } else {
    // Anthropic's url source fetches over http(s) only; inline data URLs go as base64.
    const data = DATA_URL.exec(part.source.url);
    source = data ? { type: 'base64', media_type: data[1], data: data[2] } : { type: 'url', url: part.source.url };
  }
  return { type: 'image', source, ...cacheControlToWire(part.cacheControl) };
}

/** Anthropic requires tool_use ids to match ^[a-zA-Z0-9_-]+$; other providers' ids may not. */
export function toolUseId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean === '' ? '_' : clean;
}

function encodePart(part: ContentPart): WireBlock | undefined {
  switch (part.type) {
    case 'text':
      return encodeText(part);
    case 'image':
      return encodeImage(part);
    case 'thinking':
      // A thinking block is only accepted with the signature Anthropic issued for it.
      if (part.origin !== 'anthropic' || part.signature === undefined || part.signature === '') return undefined;
      return { type: 'thinking', thinking: part.text, signature: part.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: part.data };
    case 'tool_call':
      return {
        type: 'tool_use',
        id: toolUseId(part.id),
        name: part.name,
        input: argumentsToInput(part.arguments),
        ...cacheControlToWire(part.cacheControl),
      };
    case 'tool_result': {
      const content = part.content.flatMap((c) => {
        const block = c.type === 'text' ? encodeText(c) : encodeImage(c);
        return block === undefined ? [] : [block];
      });
      return {
        type: 'tool_result',
        tool_use_id: toolUseId(part.toolCallId),
        ...(content.length > 0 ? { content } : {}),
        ...(part.isError ? { is_error: true } : {}),
        ...cacheControlToWire(part.cacheControl),
      };
    }
  }
}

function encodeBlocks(message: CanonicalMessage, warn: Warn): WireBlock[] {
  return message.content.flatMap((part) => {
    if (message.role === 'system' && part.type !== 'text') {
      warn(`a '${part.type}' part in a system message was dropped: system instructions to Anthropic carry text only`);
      return [];
    }
    const block = encodePart(part);
    return block === undefined ? [] : [block];
  });
}

/**
 * A mid-conversation system message as a text block of a user turn. Anthropic documents
 * `role: "system"` messages only for some models, and Anthropic-compatible endpoints reject
 * the role, while every model reads runtime instructions in this wrapper: it is how Claude
 * Code itself sends them.
 */
function systemReminder(blocks: WireBlock[]): WireBlock {
  const text = blocks.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n\n');
  const marked = blocks.findLast((b) => b.cache_control !== undefined);
  return { type: 'text', text: `<system-reminder>\n${text}\n</system-reminder>`, ...(marked !== undefined ? { cache_control: marked.cache_control } : {}) };
}

/**
 * Canonical messages in Anthropic's shape. Anthropic merges consecutive same-role turns
 * (sending them merged keeps compatible providers that reject them working), wants a
 * user turn's tool_result blocks before any other content, and rejects a final
 * assistant turn (a prefill) that ends in whitespace.
 *
 * A system message that comes first is part of the system prompt. One later in the
 * conversation becomes a <system-reminder> text block (see systemReminder) at the start of
 * the next user turn, or, when no user turn follows, at the end of the last one; no turn
 * is added, so roles still alternate.
 */
export function encodeMessages(messages: CanonicalMessage[], warn: Warn = () => undefined): EncodedMessages {
  const out: WireMessageOut[] = [];
  const system: WireBlock[] = [];
  /** System messages waiting for a user turn, each one's blocks. */
  let pending: WireBlock[][] = [];
  for (const message of messages) {
    const blocks = encodeBlocks(message, warn);
    if (blocks.length === 0) continue;
    if (message.role === 'system') {
      if (out.length === 0) system.push(...blocks);
      else pending.push(blocks);
      continue;
    }
    if (message.role === 'user' && pending.length > 0) {
      blocks.unshift(...pending.map(systemReminder));
      pending = [];
    }
    const previous = out.at(-1);
    if (previous !== undefined && previous.role === message.role) previous.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
  }
  if (pending.length > 0) {
    const lastUser = out.findLast((m) => m.role === 'user');
    if (lastUser !== undefined) lastUser.content.push(...pending.map(systemReminder));
    else {
      warn('a system message in a conversation without a user turn was moved into the system prompt');
      system.push(...pending.flat());
    }
  }
  for (const message of out) {
    if (message.role !== 'user') continue;
    const results = message.content.filter((b) => b.type === 'tool_result');
    if (results.length > 0) message.content = [...results, ...message.content.filter((b) => b.type !== 'tool_result')];
  }
  const final = out.at(-1);
  const finalBlock = final?.content.at(-1);
  // Whitespace-only text blocks were dropped above, so trimming leaves text behind.
  if (final?.role === 'assistant' && finalBlock?.type === 'text' && typeof finalBlock.text === 'string') {
    finalBlock.text = finalBlock.text.trimEnd();
  }
  return { messages: out, system };
}
