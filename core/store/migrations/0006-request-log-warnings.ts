import type { Kysely, Migration } from 'kysely';

// A translated request may lose what the target format cannot carry (an unknown block type,
// a provider-side tool). The client is told in x-omniroute-warnings; the log keeps the same
// list (a JSON array of sentences) so the user can see it later.
export const migration0006RequestLogWarnings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('request_log').addColumn('warnings', 'text').execute();
  },
};
