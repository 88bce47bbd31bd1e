import { z } from 'zod';
import type { Usage } from '../canonical.js';

/** OpenAI `usage` <-> canonical Usage. Both count cached tokens inside prompt_tokens and
 * reasoning tokens inside completion_tokens, so the numbers carry over unchanged. */

const count = z.number().nonnegative().nullish().catch(undefined);

const usageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  prompt_tokens_details: z.object({ cached_tokens: count, cache_write_tokens: count }).nullish().catch(undefined),
  completion_tokens_details: z.object({ reasoning_tokens: count }).nullish().catch(undefined),
  // DeepSeek reports its context-cache hits here instead of prompt_tokens_details.
  prompt_cache_hit_tokens: count,
});

/** Reads whatever usage fields are present; undefined when `raw` is not a usage object. */
export function decodeUsage(raw: unknown): Partial<Usage> | undefined {
  // Most stream chunks carry no usage: answer before zod builds an error for them.
  if (typeof raw !== 'object' || raw === null) return undefined;
  const parsed = usageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const u = parsed.data;
  const out: Partial<Usage> = {};
  if (isCount(u.prompt_tokens)) out.inputTokens = u.prompt_tokens;
  if (isCount(u.completion_tokens)) out.outputTokens = u.completion_tokens;
  const cached = u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens;
  if (isCount(cached)) out.cachedInputTokens = cached;
  const written = u.prompt_tokens_details?.cache_write_tokens;
  if (isCount(written)) out.cacheWriteTokens = written;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (isCount(reasoning)) out.reasoningTokens = reasoning;
  return out;
}

function isCount(value: number | null | undefined): value is number {
  return typeof value === 'number';
}

export function encodeUsage(usage: Usage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}
