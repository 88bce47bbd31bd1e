import type { Kysely } from 'kysely';
import { attemptsFromColumn } from './logged-attempts.js';
import { fromRequestLogRow, type RequestLogEntry } from './request-log-entry.js';
import type { RequestLogTable, StoreSchema } from './schema.js';

/** Where the previous page ended: the last row's start time and id. */
export interface LogCursor {
  ts: number;
  id: string;
}

export interface LogPageRequest {
  limit: number;
  before?: LogCursor;
  /** 'success' is status < 400, 'error' the rest; a number matches that status exactly. */
  status?: 'success' | 'error' | number;
  provider?: string;
  /** Matches the requested model or the upstream model. */
  model?: string;
  key?: string;
  /** A connection id. */
  account?: string;
  clientFormat?: string;
  /** Start times in [from, to). */
  from?: number;
  to?: number;
}

export interface LogPage {
  /** Newest first. */
  entries: RequestLogEntry[];
  /** Pass as `before` for the next page; null when this page is the last. */
  next: LogCursor | null;
}

export interface RequestLogPages {
  page(req: LogPageRequest): Promise<LogPage>;
  /** One logged request, with its attempt list when the row has one; null when unknown. */
  get(id: string): Promise<RequestLogEntry | null>;
}

export const MAX_PAGE = 500;

/**
 * Every column but attempt_list: a page of 500 rows need not read 500 attempt lists.
 * fromRequestLogRow takes every other column, so one missing here fails to compile.
 */
const LIST_COLUMNS = [
  'id', 'ts', 'client_format', 'requested_model', 'provider_id', 'connection_id', 'upstream_model', 'upstream_format',
  'stream', 'status', 'latency_ms', 'ttft_ms', 'input_tokens', 'output_tokens', 'cached_tokens', 'reasoning_tokens',
  'error_code', 'attempts', 'fallbacks', 'key_label', 'cache_write_tokens', 'cost_usd', 'usage_estimated', 'warnings', 'endpoint',
] as const satisfies ReadonlyArray<Exclude<keyof RequestLogTable, 'attempt_list'>>;

export function createRequestLogPages(opts: { db: Kysely<StoreSchema> }): RequestLogPages {
  const { db } = opts;
  return {
    async page(req) {
      const limit = Math.min(Math.max(Math.trunc(req.limit), 1), MAX_PAGE);
      let q = db.selectFrom('request_log').select(LIST_COLUMNS);
      const { before, status, provider, model, key, account, clientFormat, from, to } = req;
      if (before !== undefined) {
        q = q.where((eb) => eb.or([eb('ts', '<', before.ts), eb.and([eb('ts', '=', before.ts), eb('id', '<', before.id)])]));
      }
      if (status === 'success') q = q.where('status', '<', 400);
      else if (status === 'error') q = q.where('status', '>=', 400);
      else if (status !== undefined) q = q.where('status', '=', status);
      if (provider !== undefined) q = q.where('provider_id', '=', provider);
      if (key !== undefined) q = q.where('key_label', '=', key);
      if (account !== undefined) q = q.where('connection_id', '=', account);
      if (clientFormat !== undefined) q = q.where('client_format', '=', clientFormat);
      if (from !== undefined) q = q.where('ts', '>=', from);
      if (to !== undefined) q = q.where('ts', '<', to);
      if (model !== undefined) q = q.where((eb) => eb.or([eb('requested_model', '=', model), eb('upstream_model', '=', model)]));
      // One row more than asked tells whether another page exists.
      const rows = await q.orderBy('ts', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
      const entries = rows.slice(0, limit).map(fromRequestLogRow);
      const last = entries.at(-1);
      return { entries, next: rows.length > limit && last ? { ts: last.ts, id: last.id } : null };
    },

    async get(id) {
      const row = await db.selectFrom('request_log').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return null;
      const entry = fromRequestLogRow(row);
      const attempts = attemptsFromColumn(row.attempt_list);
      if (attempts !== null) {
        entry.attemptList = attempts.items;
        entry.attemptsOmitted = attempts.omitted;
      }
      return entry;
    },
  };
}
