import type { Kysely } from 'kysely';
import type { RequestBodyEntry, RequestBodyKind } from './request-log-entry.js';
import type { StoreSchema } from './schema.js';

export interface RequestBodyQuery {
  /** The captured bodies of one request (already redacted), in pipeline order; [] when none. */
  get(requestId: string): Promise<RequestBodyEntry[]>;
}

const ORDER: Record<RequestBodyKind, number> = { client_request: 0, upstream_request: 1, upstream_response: 2, client_response: 3 };

export function createRequestBodyQuery(opts: { db: Kysely<StoreSchema> }): RequestBodyQuery {
  const { db } = opts;
  return {
    async get(requestId) {
      const rows = await db.selectFrom('request_bodies').select(['kind', 'body', 'truncated']).where('request_id', '=', requestId).execute();
      return rows
        .map((r) => ({ kind: r.kind, body: r.body, truncated: r.truncated !== 0 }))
        .sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
    },
  };
}
