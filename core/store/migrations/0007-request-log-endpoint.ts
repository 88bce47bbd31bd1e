import type { Kysely, Migration } from 'kysely';

// Token counting (Anthropic's count_tokens) is routed and logged like a generation but is not
// one: it produces no output, costs nothing and has its own rate limits. The log names the
// endpoint so those rows can be told apart; NULL is a generation.
export const migration0007RequestLogEndpoint: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('request_log').addColumn('endpoint', 'text').execute();
  },
};
