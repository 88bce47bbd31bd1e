import type { CanonicalRequest, ContentPart } from '../formats/canonical.js';

/** About four characters a token, the rule of thumb the providers' own docs give for English and code. */
const CHARS_PER_TOKEN = 4;

export function tokensForChars(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Roughly what an image costs in prompt tokens across providers (a small tile). */
const IMAGE_TOKENS = 85;

function partTokens(part: ContentPart): number {
  switch (part.type) {
    case 'text':
      return tokensForChars(part.text.length);
    case 'thinking':
      return tokensForChars(part.text.length);
    case 'image':
      return IMAGE_TOKENS;
    case 'tool_call':
      return tokensForChars(part.name.length + part.arguments.length);
    case 'tool_result':
      return part.content.reduce((n, p) => n + partTokens(p), 0);
    case 'redacted_thinking':
      return 0;
  }
}

/**
 * An estimate of a request's prompt tokens (about four characters a token), for providers
 * that offer no counting endpoint. Answers are approximate by nature and say so nowhere
 * else, so callers should only use this where the client asked for a count.
 */
export function estimateInputTokens(request: CanonicalRequest): number {
  let n = request.system.reduce((sum, p) => sum + partTokens(p), 0);
  for (const message of request.messages) {
    n += 4;
    for (const part of message.content) n += partTokens(part);
  }
  for (const tool of request.tools ?? []) {
    n += tokensForChars(tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length);
  }
  return n;
}
