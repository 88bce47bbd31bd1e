/**
 * What a service call used, read from the provider's answer (and, for speech, from the
 * request): tokens where the provider reports them, and the units priced per image, per
 * audio minute, per character or per search (core/usage/price-book.ts). Pure functions.
 */
import type { Usage } from '../formats/canonical.js';
import type { ServiceEndpoint } from '../providers/types.js';
import type { BilledUnits } from '../usage/price-book.js';

export interface ServiceUsage {
  usage?: Usage;
  units: BilledUnits;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** OpenAI's usage objects name their counts three ways across endpoints. */
function tokens(usage: unknown): Usage | undefined {
  const input = count(field(usage, 'prompt_tokens')) ?? count(field(usage, 'input_tokens'));
  const output = count(field(usage, 'completion_tokens')) ?? count(field(usage, 'output_tokens'));
  const total = count(field(usage, 'total_tokens'));
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const inputTokens = input ?? Math.max(0, (total ?? 0) - (output ?? 0));
  return { inputTokens, outputTokens: output ?? 0 };
}

/** The usage and units of a successful JSON answer. */
export function answerUsage(endpoint: ServiceEndpoint, answer: unknown): ServiceUsage {
  const usage = tokens(field(answer, 'usage'));
  const withUsage = (units: BilledUnits): ServiceUsage => (usage ? { usage, units } : { units });
  switch (endpoint) {
    case 'images': {
      const data = field(answer, 'data');
      return withUsage({ images: Array.isArray(data) ? data.length : 0 });
    }
    case 'transcriptions': {
      // Per-minute models report `usage: {type: "duration", seconds}`; verbose answers carry `duration`.
      const seconds = count(field(field(answer, 'usage'), 'seconds')) ?? count(field(answer, 'duration'));
      return withUsage(seconds !== undefined ? { audioSeconds: seconds } : {});
    }
    case 'rerank': {
      // Cohere bills search units; others report tokens. One query is one search otherwise.
      const searches = count(field(field(field(answer, 'meta'), 'billed_units'), 'search_units')) ?? 1;
      return withUsage({ searches });
    }
    default:
      return withUsage({});
  }
}

/** Speech is billed by the characters of its input, which its answer (audio bytes) does not say. */
export function requestUnits(endpoint: ServiceEndpoint, body: Record<string, unknown>): BilledUnits {
  if (endpoint === 'speech' && typeof body.input === 'string') return { characters: body.input.length };
  return {};
}
