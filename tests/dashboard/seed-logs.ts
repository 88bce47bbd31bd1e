/**
 * A large, varied request log for the Logs page suite, written through the store's own batch
 * writer (the path the gateway logs by), newest first at `now - 1 min`, one row every 12 s.
 */
import type { Gateway } from '../../core/gateway.js';
import type { RequestLogEntry } from '../../core/store/index.js';

export const SEED_FORMATS = ['openai-chat', 'anthropic', 'gemini', 'openai-responses'] as const;
export const SEED_MODELS = ['up-chat/mock-chat-1', 'gpt-4o', 'claude-sonnet-4', 'gemini-2.5-pro', 'team-coding'] as const;
/** A model name a spreadsheet would run as a formula: ten rows carry it, for the export check. */
export const FORMULA_MODEL = '=HYPERLINK("http://evil.invalid","x")';
const PROVIDERS = ['up-chat', 'up-anth', 'up-gem'] as const;
const STEP_MS = 12_000;

/** The i-th item, cycling; a non-empty list always has one. */
const at = <T>(list: readonly [T, ...T[]], i: number): T => list[i % list.length] ?? list[0];

export const seedId = (i: number): string => `seed-${String(i).padStart(6, '0')}`;

function seeded(i: number, now: number, accounts: readonly [string, ...string[]]): RequestLogEntry {
  const status = i % 50 === 7 ? 502 : i % 40 === 3 ? 429 : i % 97 === 5 ? 500 : 200;
  const failed = status >= 400;
  const input = 100 + (i % 900);
  const output = failed ? 0 : 20 + (i % 300);
  const key = i % 3 === 0 ? undefined : i % 2 === 0 ? 'alice' : 'bob';
  const entry: RequestLogEntry = {
    id: seedId(i),
    ts: now - 60_000 - i * STEP_MS,
    clientFormat: at(SEED_FORMATS, i),
    requestedModel: i % 5000 === 1234 ? FORMULA_MODEL : at(SEED_MODELS, i),
    providerId: at(PROVIDERS, i),
    connectionId: at(accounts, i),
    upstreamModel: 'mock-chat-1',
    upstreamFormat: 'openai-chat',
    stream: i % 2 === 0,
    status,
    latencyMs: 200 + ((i * 37) % 3000),
    ttftMs: 50 + ((i * 13) % 400),
    inputTokens: input,
    outputTokens: output,
    attempts: status === 502 ? 3 : 1,
    fallbacks: status === 502 ? 2 : 0,
    ...(failed ? { errorCode: status === 429 ? 'rate_limited' : 'upstream_error' } : {}),
    ...(key ? { keyLabel: key } : {}),
    ...(i % 11 === 0 ? {} : { costUsd: (input * 1 + output * 2) / 1_000_000 }),
  };
  return entry;
}

/** Writes `count` rows in batches the writer's queue holds (it drops beyond 50 000 queued). */
export async function seedRequestLog(gw: Gateway, opts: { count: number; now: number; accounts: readonly [string, ...string[]] }): Promise<void> {
  const BATCH = 10_000;
  for (let start = 0; start < opts.count; start += BATCH) {
    for (let i = start; i < Math.min(opts.count, start + BATCH); i++) gw.store.requestLog.write(seeded(i, opts.now, opts.accounts));
    await gw.store.requestLog.flush();
  }
  const dropped = gw.store.requestLog.stats().dropped;
  if (dropped > 0) throw new Error(`the log writer dropped ${dropped} seeded rows`);
}
