/**
 * A request log for the Usage page's suite: rows written straight into the gateway's store,
 * spread over the last 20 hours (two providers, two keys, every token kind, varied latencies
 * and some unpriced rows), so every chart and table has something to show.
 */
import type { Gateway } from '../../core/gateway.js';
import type { RequestLogEntry } from '../../core/store/request-log-entry.js';

const HOUR = 3_600_000;
export const SEED_HOURS = 20;
/** Enough rows per hour that p50, p95 and p99 fall on different rows (nearest rank). */
export const ROWS_PER_HOUR = 24;

export async function seedRequestLog(gw: Gateway, now: number): Promise<RequestLogEntry[]> {
  const accounts = new Map((await gw.control.call('connections.list', {})).map((c) => [c.provider, c.id]));
  const rows: RequestLogEntry[] = [];
  for (let h = 1; h <= SEED_HOURS; h++) {
    for (let i = 0; i < ROWS_PER_HOUR; i++) {
      // Unequal shares, so no group's line lies on another's: two thirds chat, a quarter bob.
      const chat = i % 3 !== 0;
      const providerId = chat ? 'up-chat' : 'up-anth';
      const entry: RequestLogEntry = {
        id: `seed-${h}-${i}`,
        ts: now - h * HOUR + i * 60_000,
        clientFormat: 'openai-chat',
        requestedModel: chat ? 'up-chat/mock-chat-1' : 'up-anth/mock-claude-1',
        providerId,
        upstreamModel: chat ? 'mock-chat-1' : 'mock-claude-1',
        upstreamFormat: chat ? 'openai-chat' : 'anthropic',
        stream: false,
        status: i === 5 ? 502 : 200,
        latencyMs: 40 + i * 15 + (h % 5) * 10,
        ttftMs: 20 + i,
        // Input, output, cached and reasoning at clearly different heights, so no line hides another.
        inputTokens: 900 + h * 20,
        outputTokens: 400 + h * 10,
        cachedTokens: 200 + h * 5,
        reasoningTokens: 60 + h,
        keyLabel: i % 4 === 0 ? 'bob' : 'alice',
        ...(i % 8 === 7 ? {} : { costUsd: chat ? 0.002 : 0.003 }),
      };
      const account = accounts.get(providerId);
      if (account !== undefined) entry.connectionId = account;
      rows.push(entry);
      gw.store.requestLog.write(entry);
    }
  }
  await gw.store.requestLog.flush();
  return rows;
}
