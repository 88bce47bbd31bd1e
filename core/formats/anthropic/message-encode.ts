import type { CacheControl, CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import { argumentsToInput } from './tool-input.js';

export type WireBlock = Record<string, unknown>;

export interface WireMessageOut {
  role: 'user' | 'assistant';
  content: WireBlock[];
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

/**
 * Canonical messages in Anthropic's shape. Anthropic merges consecutive same-role turns
 * (sending them merged keeps compatible providers that reject them working), wants a
 * user turn's tool_result blocks before any other content, and rejects a final
 * assistant turn (a prefill) that ends in whitespace.
 */
export function encodeMessages(messages: CanonicalMessage[]): WireMessageOut[] {
  const out: WireMessageOut[] = [];
  for (const message of messages) {
    const blocks = message.content.flatMap((part) => {
      const block = encodePart(part);
      return block === undefined ? [] : [block];
    });
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    if (last !== undefined && last.role === message.role) last.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
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
  return out;
}
