import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';
import { parseStoredJson, stringifyForStore } from './stored-json.js';

export interface AccountTerms {
  billing: 'metered' | 'subscription' | null;
  /** Stored as JSON; the caller validates each window. Null: the provider's own windows. */
  quota: unknown[] | null;
}

export interface AccountTermsRepository {
  /** By connection id; accounts without terms are absent. */
  all(): Promise<Map<string, AccountTerms>>;
  /** Terms with neither billing nor quota remove the row. */
  set(connectionId: string, terms: AccountTerms): Promise<void>;
  remove(connectionId: string): Promise<void>;
}

export function createAccountTermsRepository(opts: { db: Kysely<StoreSchema>; now: () => number }): AccountTermsRepository {
  const { db, now } = opts;
  const remove = async (connectionId: string) => {
    await db.deleteFrom('account_terms').where('connection_id', '=', connectionId).execute();
  };
  return {
    async all() {
      const rows = await db.selectFrom('account_terms').selectAll().execute();
      return new Map(
        rows.map((r) => {
          const quota = r.quota === null ? null : parseStoredJson(r.quota, `quota of account ${r.connection_id}`);
          return [r.connection_id, { billing: r.billing, quota: Array.isArray(quota) ? quota : null }];
        }),
      );
    },

    async set(connectionId, terms) {
      if (terms.billing === null && terms.quota === null) return remove(connectionId);
      const values = {
        billing: terms.billing,
        quota: terms.quota === null ? null : stringifyForStore(terms.quota, `quota of account ${connectionId}`),
        updated_at: now(),
      };
      await db
        .insertInto('account_terms')
        .values({ connection_id: connectionId, ...values })
        .onConflict((oc) => oc.column('connection_id').doUpdateSet(values))
        .execute();
    },

    remove,
  };
}
