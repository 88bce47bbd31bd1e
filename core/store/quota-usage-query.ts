import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

/** What one logged request spent, as quota windows count it. */
export interface QuotaUsageRow {
  ts: number;
  status: number;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

export interface QuotaUsageQuery {
  /**
   * The requests one account served since `since` (Unix ms), oldest first: read once per
   * account when the gateway starts, so quota windows survive a restart.
   */
  since(connectionId: string, since: number): Promise<QuotaUsageRow[]>;
}

export function createQuotaUsageQuery(opts: { db: Kysely<StoreSchema> }): QuotaUsageQuery {
  const { db } = opts;
  return {
    async since(connectionId, since) {
      // Served by the (connection_id, ts) index.
      const rows = await db
        .selectFrom('request_log')
        .select(['ts', 'status', 'input_tokens', 'output_tokens', 'cost_usd'])
        .where('connection_id', '=', connectionId)
        .where('ts', '>=', Math.floor(since))
        // Token counts (count_tokens) use no quota; generations and service calls (embeddings,
        // images, audio) do, as the gateway counts them while it runs.
        .where((eb) => eb.or([eb('endpoint', 'is', null), eb('endpoint', '!=', 'count_tokens')]))
        .orderBy('ts')
        .execute();
      return rows.map((r) => ({
        ts: r.ts,
        status: r.status,
        ...(r.input_tokens !== null ? { inputTokens: r.input_tokens } : {}),
        ...(r.output_tokens !== null ? { outputTokens: r.output_tokens } : {}),
        ...(r.cost_usd !== null ? { costUsd: r.cost_usd } : {}),
      }));
    },
  };
}
