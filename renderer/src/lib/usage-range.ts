/** The Usage page's choices: how far back, how wide a bucket, what to split by, as a timeseries input. */

export type RangePreset = '24h' | '7d' | '30d' | '90d' | '12mo';
export type UsageBucket = 'hour' | 'day' | 'month';
export type UsageSplit = 'model' | 'provider' | 'account' | 'key';

export const RANGE_PRESETS: readonly RangePreset[] = ['24h', '7d', '30d', '90d', '12mo'];
export const BUCKETS: readonly UsageBucket[] = ['hour', 'day', 'month'];
export const SPLITS: readonly UsageSplit[] = ['model', 'provider', 'account', 'key'];

const DAY = 86_400_000;
const SPAN: Record<RangePreset, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, '90d': 90 * DAY, '12mo': 365 * DAY };

/** The bucket that gives each range a readable number of points (a dozen to a few hundred). */
export const DEFAULT_BUCKET: Record<RangePreset, UsageBucket> = { '24h': 'hour', '7d': 'hour', '30d': 'day', '90d': 'day', '12mo': 'month' };

/** [from, to) ending just after `now`, so the request made this instant is counted. */
export function rangeOf(preset: RangePreset, now: number): { from: number; to: number } {
  return { from: now - SPAN[preset], to: now + 1 };
}

export function isRangePreset(v: string): v is RangePreset {
  return RANGE_PRESETS.some((p) => p === v);
}

export function isBucket(v: string): v is UsageBucket {
  return BUCKETS.some((b) => b === v);
}

export function isSplit(v: string): v is UsageSplit {
  return SPLITS.some((s) => s === v);
}
