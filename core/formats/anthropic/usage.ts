import type { Usage } from '../canonical.js';

/**
 * Anthropic's usage counts cache reads and cache writes apart from `input_tokens`;
 * canonical `inputTokens` is the whole prompt. These convert at the edge.
 */
export interface WireUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
}

/** Anthropic's raw counters as last reported (fields may arrive in separate events). */
export interface RawUsage {
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
  thinking?: number;
}

export function usageFromRaw(raw: RawUsage): Partial<Usage> {
  const usage: Partial<Usage> = {};
  if (raw.input !== undefined || raw.cacheRead !== undefined || raw.cacheWrite !== undefined) {
    usage.inputTokens = (raw.input ?? 0) + (raw.cacheRead ?? 0) + (raw.cacheWrite ?? 0);
  }
  if (raw.cacheRead !== undefined) usage.cachedInputTokens = raw.cacheRead;
  if (raw.cacheWrite !== undefined) usage.cacheWriteTokens = raw.cacheWrite;
  if (raw.output !== undefined) usage.outputTokens = raw.output;
  if (raw.thinking !== undefined) usage.reasoningTokens = raw.thinking;
  return usage;
}

export function usageToWire(usage: Usage): WireUsage {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const wire: WireUsage = {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
  if (usage.reasoningTokens !== undefined) wire.output_tokens_details = { thinking_tokens: usage.reasoningTokens };
  return wire;
}
