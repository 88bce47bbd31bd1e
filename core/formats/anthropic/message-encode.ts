import type { CacheControl, CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import { argumentsToInput } from './tool-input.js';

export type WireBlock = Record<string, unknown>;

export interface WireMessageOut {
  role: 'user' | 'assistant' | 'system';
  content: WireBlock[];
}

/** Messages in Anthropic's shape, and the system text that has to live in top-level `system`. */
export interface EncodedMessages {
  messages: WireMessageOut[];
  system: WireBlock[];
}

type Warn = (message: string) => void;

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
      warn(`a '${part.type}' part in a system message was dropped: Anthropic system messages hold text only`);
      return [];
    }
    const block = encodePart(part);
    return block === undefined ? [] : [block];
  });
}

/**
 * Canonical messages in Anthropic's shape. Anthropic merges consecutive same-role turns
 * (sending them merged keeps compatible providers that reject them working), wants a
 * user turn's tool_result blocks before any other content, and rejects a final
 * assistant turn (a prefill) that ends in whitespace.
 *
 * System messages go where Anthropic's mid-conversation system messages may stand: right
 * after a user turn and before the next assistant turn (or at the end), never two in a
 * row. One that comes first is part of the system prompt; one that sits elsewhere moves
 * to the end of the next user turn, or into the system prompt when no user turn follows.
 */
export function encodeMessages(messages: CanonicalMessage[], warn: Warn = () => undefined): EncodedMessages {
  const out: WireMessageOut[] = [];
  const system: WireBlock[] = [];
  let pending: WireBlock[] = [];
  let pendingMoved = false;
  let warnedMoved = false;
  const flush = (): void => {
    if (pending.length === 0 || out.at(-1)?.role !== 'user') return;
    out.push({ role: 'system', content: pending });
    pending = [];
    if (pendingMoved && !warnedMoved) {
      warn('a system message that followed an assistant turn was moved after the next user turn: Anthropic accepts system messages only right after a user turn');
      warnedMoved = true;
    }
    pendingMoved = false;
  };
  for (const message of messages) {
    const blocks = encodeBlocks(message, warn);
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    if (message.role === 'system') {
      if (last === undefined) system.push(...blocks);
      else {
        if (last.role === 'assistant') pendingMoved = true;
        pending.push(...blocks);
      }
      continue;
    }
    if (message.role === 'assistant') flush();
    const previous = out.at(-1);
    if (previous !== undefined && previous.role === message.role) previous.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
  }
  flush();
  if (pending.length > 0) {
    warn('a system message after the final assistant turn was moved into the system prompt: Anthropic accepts system messages only right after a user turn');
    system.push(...pending);
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
