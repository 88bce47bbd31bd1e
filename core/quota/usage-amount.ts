import type { QuotaWindowConfig } from '../config/usage-schema.js';

/** What a finished request spent, as the pipeline records it and the request log stores it. */
export interface UsageSample {
  /** When the request arrived, Unix ms. */
  ts: number;
  status: number;
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  costUsd?: number | undefined;
}

/**
 * How much of a window's unit a request used: tokens = input + output, requests = 1,
 * usd = its cost. A request the upstream refused used nothing; one cut short (the client
 * left) used what was reported or estimated for it.
 */
export function amountOf(sample: UsageSample, unit: QuotaWindowConfig['unit']): number {
  const tokens = (sample.inputTokens ?? 0) + (sample.outputTokens ?? 0);
  const served = sample.status < 400 || tokens > 0;
  if (!served) return 0;
  switch (unit) {
    case 'requests':
      return 1;
    case 'tokens':
      return tokens;
    case 'usd':
      return sample.costUsd ?? 0;
  }
}
