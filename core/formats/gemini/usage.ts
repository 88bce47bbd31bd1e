import type { Usage } from '../canonical.js';
import type { WireUsage } from './wire-schema.js';

/**
 * Gemini counts thoughts apart from candidates (canonical output includes them), and its
 * promptTokenCount already includes cached content tokens (as canonical input does).
 * Only the counts the upstream reported are returned, so stream chunks merge cleanly.
 */
export function decodeUsage(meta: WireUsage): Partial<Usage> {
  const usage: Partial<Usage> = {};
  if (meta.promptTokenCount != null) usage.inputTokens = meta.promptTokenCount;
  if (meta.candidatesTokenCount != null || meta.thoughtsTokenCount != null) {
    usage.outputTokens = (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0);
  }
  if (meta.cachedContentTokenCount != null) usage.cachedInputTokens = meta.cachedContentTokenCount;
  if (meta.thoughtsTokenCount != null) usage.reasoningTokens = meta.thoughtsTokenCount;
  return usage;
}

/** The usageMetadata object; zero-valued optional counts are left out as Gemini does. */
export function encodeUsage(usage: Usage): Record<string, number> {
  const reasoning = usage.reasoningTokens ?? 0;
  const meta: Record<string, number> = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - reasoning),
  };
  if (reasoning > 0) meta.thoughtsTokenCount = reasoning;
  if ((usage.cachedInputTokens ?? 0) > 0) meta.cachedContentTokenCount = usage.cachedInputTokens ?? 0;
  meta.totalTokenCount = usage.inputTokens + usage.outputTokens;
  return meta;
}
