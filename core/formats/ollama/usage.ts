import type { Usage } from '../canonical.js';

/**
 * Ollama's metrics <-> canonical Usage: prompt_eval_count counts the prompt tokens evaluated,
 * eval_count the tokens generated (thinking included). Ollama reports no cache or reasoning
 * split. Its durations are wall-clock nanoseconds the gateway does not measure for a
 * translated answer, so they are not sent (every field of Ollama's Metrics is optional).
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The counts an Ollama response object reports (empty when it reports none). */
export function decodeUsage(body: unknown): Partial<Usage> {
  if (!isRecord(body)) return {};
  const out: Partial<Usage> = {};
  const input = count(body.prompt_eval_count);
  const output = count(body.eval_count);
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
  return out;
}

export function encodeUsage(usage: Usage): { prompt_eval_count: number; eval_count: number } {
  return { prompt_eval_count: usage.inputTokens, eval_count: usage.outputTokens };
}
