import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { StoreSchema } from './schema.js';

/** What a summary is grouped by: the requested or the upstream model, provider, account, gateway key, or nothing. */
export type AnalyticsGroupBy = 'model' | 'upstreamModel' | 'provider' | 'account' | 'key' | 'none';
export type AnalyticsBucket = 'hour' | 'day' | 'month';

/** [from, to) in ms since the epoch, narrowed by optional exact matches. */
export interface AnalyticsRange {
  from: number;
  to: number;
  provider?: string;
  /** Matches the requested model or the upstream model. */
  model?: string;
  /** A gateway key label. */
  key?: string;
  /** A connection id. */
  account?: string;
}

export interface TokenTotals {
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
  reasoning: number;
}

export interface AnalyticsGroup {
  /** The group's value (model, provider id, connection id, key label); null for rows without one, or for groupBy 'none'. */
  key: string | null;
  requests: number;
  /** Requests answered with a status below 400. */
  successes: number;
  /** successes / requests; 0 when there were no requests. */
  successRate: number;
  /** Nearest-rank percentiles of latency_ms; null when the group has no rows. */
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
  /** Median time to first token over the rows that have one. */
  ttftP50: number | null;
  tokens: TokenTotals;
  /** Sum of the known costs, USD. */
  costUsd: number;
  /** Rows whose cost is unknown (no price for the model), so costUsd is a lower bound. */
  unknownCostRequests: number;
}

/** What one bucket holds, overall or for one group. */
export interface BucketFigures {
  requests: number;
  successes: number;
  tokens: TokenTotals;
  costUsd: number;
  unknownCostRequests: number;
  /** Nearest-rank percentiles of latency_ms within the bucket; null when it has no rows. */
  latencyP50: number | null;
  latencyP95: number | null;
  latencyP99: number | null;
}

/** One group's share of a bucket; key as in AnalyticsGroup. */
export interface TimeseriesGroupPoint extends BucketFigures {
  key: string | null;
}

export interface TimeseriesPoint extends BucketFigures {
  /** Bucket start, ms since the epoch (UTC hour, day or month). */
  start: number;
  /**
   * With a groupBy: the top groups of the whole range (at most MAX_SERIES, most requests
   * first), in the same order in every point, zeros where a group had no rows; else empty.
   */
  byGroup: TimeseriesGroupPoint[];
}

export interface AnalyticsQuery {
  /** One entry per group, most requests first, plus the total over the whole range. */
  summary(range: AnalyticsRange, groupBy: AnalyticsGroupBy): Promise<{ groups: AnalyticsGroup[]; total: AnalyticsGroup }>;
  /** Every bucket overlapping [from, to), empty ones included, oldest first; split by groupBy when given. */
  timeseries(range: AnalyticsRange, bucket: AnalyticsBucket, groupBy?: Exclude<AnalyticsGroupBy, 'none'>): Promise<TimeseriesPoint[]>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A dashboard asks for a few hundred buckets; a range that would need more is refused. */
export const MAX_BUCKETS = 10_000;
/** Groups beyond this many (by requests) are left out of a summary; the total still counts them. */
export const MAX_GROUPS = 500;
/** A chart stays readable with this many series; a timeseries splits out only the top groups. */
export const MAX_SERIES = 8;

type GroupColumn = 'requested_model' | 'upstream_model' | 'provider_id' | 'connection_id' | 'key_label';

const GROUP_COLUMNS: Record<Exclude<AnalyticsGroupBy, 'none'>, GroupColumn> = {
  model: 'requested_model',
  upstreamModel: 'upstream_model',
  provider: 'provider_id',
  account: 'connection_id',
  key: 'key_label',
};

type LogQuery<O> = SelectQueryBuilder<StoreSchema, 'request_log', O>;

export function createAnalyticsQuery(opts: { db: Kysely<StoreSchema> }): AnalyticsQuery {
  const { db } = opts;

  function inRange<O>(qb: LogQuery<O>, range: AnalyticsRange): LogQuery<O> {
    let q = qb.where('ts', '>=', range.from).where('ts', '<', range.to);
    if (range.provider !== undefined) q = q.where('provider_id', '=', range.provider);
    if (range.key !== undefined) q = q.where('key_label', '=', range.key);
    if (range.account !== undefined) q = q.where('connection_id', '=', range.account);
    const model = range.model;
    if (model !== undefined) q = q.where((eb) => eb.or([eb('requested_model', '=', model), eb('upstream_model', '=', model)]));
    return q;
  }

  function totalsSelection(eb: ExpressionBuilder<StoreSchema, 'request_log'>) {
    return [
      eb.fn.countAll<number>().as('requests'),
      eb.fn.sum<number | null>(eb.case().when('status', '<', 400).then(1).else(0).end()).as('successes'),
      eb.fn.sum<number | null>('input_tokens').as('input'),
      eb.fn.sum<number | null>('output_tokens').as('output'),
      eb.fn.sum<number | null>('cached_tokens').as('cached'),
      eb.fn.sum<number | null>('cache_write_tokens').as('cache_write'),
      eb.fn.sum<number | null>('reasoning_tokens').as('reasoning'),
      eb.fn.sum<number | null>('cost_usd').as('cost'),
      eb.fn.sum<number | null>(eb.case().when('cost_usd', 'is', null).then(1).else(0).end()).as('unknown_cost'),
    ] as const;
  }

  /**
   * Nearest-rank percentiles computed by the database with window functions (SQLite 3.25+
   * and PostgreSQL alike), so only a few rows per group leave it however large the range.
   */
  async function percentiles(
    range: AnalyticsRange,
    column: GroupColumn | null,
    value: 'latency_ms' | 'ttft_ms',
    ps: readonly number[],
  ): Promise<Map<string | null, Map<number, number>>> {
    const ranked = inRange(db.selectFrom('request_log'), range)
      .$if(value === 'ttft_ms', (q) => q.where('ttft_ms', 'is not', null))
      .select((eb) => [
        (column === null ? eb.lit(null) : eb.ref(column)).as('grp'),
        eb.ref(value).as('v'),
        eb.fn
          .agg<number>('row_number')
          .over((ob) => (column === null ? ob : ob.partitionBy(column)).orderBy(value))
          .as('rn'),
        eb.fn
          .countAll<number>()
          .over((ob) => (column === null ? ob : ob.partitionBy(column)))
          .as('n'),
      ]);
    const rows = await db
      .selectFrom(ranked.as('r'))
      .select(['r.grp', 'r.v', 'r.rn', 'r.n'])
      // ceil(p * n / 100) in integer arithmetic, which both dialects share.
      .where((eb) =>
        eb.or(ps.map((p) => eb('r.rn', '=', eb(eb.parens(eb(eb.lit(p), '*', eb.ref('r.n')), '+', eb.lit(99)), '/', eb.lit(100))))),
      )
      .execute();
    const out = new Map<string | null, Map<number, number>>();
    for (const row of rows) {
      const n = Number(row.n);
      const rn = Number(row.rn);
      let byP = out.get(row.grp);
      if (byP === undefined) out.set(row.grp, (byP = new Map()));
      for (const p of ps) if (nearestRank(p, n) === rn && row.v !== null) byP.set(p, Number(row.v));
    }
    return out;
  }

  /** The groups with the most requests over the whole range, at most MAX_SERIES. */
  async function topKeys(range: AnalyticsRange, column: GroupColumn): Promise<(string | null)[]> {
    const rows = await inRange(db.selectFrom('request_log'), range)
      .select((eb) => [eb.ref(column).as('grp'), eb.fn.countAll<number>().as('requests')])
      .groupBy(column)
      .orderBy('requests', 'desc')
      .orderBy(column)
      .limit(MAX_SERIES)
      .execute();
    return rows.map((r) => r.grp);
  }

  /** Rows of the range in the given groups only (a null key stands for rows without a value). */
  function inGroups<O>(qb: LogQuery<O>, column: GroupColumn | null, keys: readonly (string | null)[]): LogQuery<O> {
    if (column === null) return qb;
    const named = keys.filter((k): k is string => k !== null);
    return qb.where((eb) =>
      eb.or([...(named.length > 0 ? [eb(column, 'in', named)] : []), ...(keys.includes(null) ? [eb(column, 'is', null)] : [eb.lit(false)])]),
    );
  }

  /** The sums of each bucket (and group), one row per pair that has rows. */
  function bucketRows(range: AnalyticsRange, bucket: AnalyticsBucket, column: GroupColumn | null, keys: readonly (string | null)[]) {
    const at = bucketStartOf(range, bucket);
    return inGroups(inRange(db.selectFrom('request_log'), range), column, keys)
      .select((eb) => [at.as('bucket'), (column === null ? eb.lit(null) : eb.ref(column)).as('grp'), ...totalsSelection(eb)])
      .groupBy(column === null ? ['bucket'] : ['bucket', column])
      .execute();
  }

  /** Latency percentiles per bucket (and group), ranked by the database like percentiles() above. */
  async function bucketPercentiles(
    range: AnalyticsRange,
    bucket: AnalyticsBucket,
    column: GroupColumn | null,
    keys: readonly (string | null)[],
  ): Promise<Map<{ start: number; grp: string | null }, Map<number, number>>> {
    const ps: readonly number[] = [50, 95, 99];
    const at = bucketStartOf(range, bucket);
    // The bucket is computed first, so the window can partition by it as a plain column.
    const values = inGroups(inRange(db.selectFrom('request_log'), range), column, keys).select((eb) => [
      at.as('b'),
      (column === null ? eb.lit(null) : eb.ref(column)).as('grp'),
      eb.ref('latency_ms').as('v'),
    ]);
    const ranked = db.selectFrom(values.as('x')).select((eb) => [
      'x.b',
      'x.grp',
      'x.v',
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy(['x.b', 'x.grp']).orderBy('x.v'))
        .as('rn'),
      eb.fn
        .countAll<number>()
        .over((ob) => ob.partitionBy(['x.b', 'x.grp']))
        .as('n'),
    ]);
    const rows = await db
      .selectFrom(ranked.as('r'))
      .select(['r.b', 'r.grp', 'r.v', 'r.rn', 'r.n'])
      .where((eb) =>
        eb.or(ps.map((p) => eb('r.rn', '=', eb(eb.parens(eb(eb.lit(p), '*', eb.ref('r.n')), '+', eb.lit(99)), '/', eb.lit(100))))),
      )
      .execute();
    const byPair = new Map<string, { at: { start: number; grp: string | null }; byP: Map<number, number> }>();
    for (const row of rows) {
      const at = { start: Number(row.b), grp: row.grp };
      const id = JSON.stringify([at.start, at.grp]);
      let entry = byPair.get(id);
      if (entry === undefined) byPair.set(id, (entry = { at, byP: new Map() }));
      for (const p of ps) if (nearestRank(p, Number(row.n)) === Number(row.rn)) entry.byP.set(p, Number(row.v));
    }
    return new Map([...byPair.values()].map((e) => [e.at, e.byP]));
  }

  async function groupsOf(range: AnalyticsRange, column: GroupColumn | null): Promise<AnalyticsGroup[]> {
    const base = inRange(db.selectFrom('request_log'), range);
    const rows =
      column === null
        ? (await base.select((eb) => totalsSelection(eb)).execute()).map((r) => ({ ...r, grp: null }))
        : await base
            .select((eb) => [eb.ref(column).as('grp'), ...totalsSelection(eb)])
            .groupBy(column)
            .orderBy('requests', 'desc')
            .limit(MAX_GROUPS)
            .execute();
    const latency = await percentiles(range, column, 'latency_ms', [50, 95, 99]);
    const ttft = await percentiles(range, column, 'ttft_ms', [50]);
    return rows
      .filter((r) => Number(r.requests) > 0)
      .map((r) => {
        const requests = Number(r.requests);
        const successes = Number(r.successes ?? 0);
        const lat = latency.get(r.grp);
        return {
          key: r.grp,
          requests,
          successes,
          successRate: requests > 0 ? successes / requests : 0,
          latencyP50: lat?.get(50) ?? null,
          latencyP95: lat?.get(95) ?? null,
          latencyP99: lat?.get(99) ?? null,
          ttftP50: ttft.get(r.grp)?.get(50) ?? null,
          tokens: tokensOf(r),
          costUsd: Number(r.cost ?? 0),
          unknownCostRequests: Number(r.unknown_cost ?? 0),
        };
      });
  }

  return {
    async summary(range, groupBy) {
      const total = (await groupsOf(range, null))[0] ?? emptyGroup(null);
      const groups = groupBy === 'none' ? (total.requests > 0 ? [total] : []) : await groupsOf(range, GROUP_COLUMNS[groupBy]);
      return { groups, total };
    },

    async timeseries(range, bucket, groupBy) {
      const starts = bucketStarts(range, bucket);
      const column = groupBy === undefined ? null : GROUP_COLUMNS[groupBy];
      const keys = column === null ? [] : await topKeys(range, column);
      const points = new Map<number, TimeseriesPoint>(
        starts.map((start) => [start, { start, ...emptyFigures(), byGroup: keys.map((key) => ({ key, ...emptyFigures() })) }]),
      );
      const slot = (start: number, grp: string | null | undefined): BucketFigures | undefined => {
        const point = points.get(start);
        if (point === undefined || grp === undefined) return point;
        return point.byGroup[keys.indexOf(grp)];
      };
      const splits: (GroupColumn | null)[] = column === null ? [null] : [null, column];
      for (const split of splits) {
        const rows = await bucketRows(range, bucket, split, keys);
        for (const r of rows) addTotals(slot(Number(r.bucket), split === null ? undefined : r.grp), r);
        const latency = await bucketPercentiles(range, bucket, split, keys);
        for (const [at, byP] of latency) {
          const figures = slot(at.start, split === null ? undefined : at.grp);
          if (figures === undefined) continue;
          figures.latencyP50 = byP.get(50) ?? null;
          figures.latencyP95 = byP.get(95) ?? null;
          figures.latencyP99 = byP.get(99) ?? null;
        }
      }
      return [...points.values()];
    },
  };
}

/** The 1-based rank of the p-th percentile among n sorted values (nearest-rank method). */
export function nearestRank(p: number, n: number): number {
  return Math.max(1, Math.floor((p * n + 99) / 100));
}

/** Bucket starts covering [from, to); throws a RangeError past MAX_BUCKETS. */
export function bucketStarts(range: { from: number; to: number }, bucket: AnalyticsBucket): number[] {
  const starts: number[] = [];
  if (!(range.to > range.from)) return starts;
  if (bucket === 'month') {
    const first = new Date(monthStart(range.from));
    for (let i = 0; ; i++) {
      const start = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + i, 1);
      if (start >= range.to) break;
      if (starts.length >= MAX_BUCKETS) throw new RangeError(`the range spans more than ${MAX_BUCKETS} buckets`);
      starts.push(start);
    }
    return starts;
  }
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const first = range.from - (((range.from % size) + size) % size);
  if (Math.ceil((range.to - first) / size) > MAX_BUCKETS) throw new RangeError(`the range spans more than ${MAX_BUCKETS} buckets`);
  for (let start = first; start < range.to; start += size) starts.push(start);
  return starts;
}

/**
 * The start of the bucket a row falls in, as SQL. Epoch milliseconds count from a UTC
 * midnight, so ts - ts % size is a UTC hour or day; months differ in length, so a month is
 * picked from the range's own month starts (newest first, the first one at or before ts).
 */
function bucketStartOf(range: { from: number; to: number }, bucket: AnalyticsBucket): RawBuilder<number> {
  if (bucket !== 'month') {
    const size = sql.lit(bucket === 'hour' ? HOUR_MS : DAY_MS);
    return sql<number>`(ts - ts % ${size})`;
  }
  const starts = bucketStarts(range, 'month').reverse();
  const whens = starts.map((s) => sql`when ts >= ${sql.lit(s)} then ${sql.lit(s)}`);
  return sql<number>`(case ${sql.join(whens, sql` `)} else ${sql.lit(starts.at(-1) ?? 0)} end)`;
}

function addTotals(
  into: BucketFigures | undefined,
  r: { requests: number; successes: number | null; cost: number | null; unknown_cost: number | null } & Parameters<typeof tokensOf>[0],
): void {
  if (into === undefined) return;
  into.requests += Number(r.requests);
  into.successes += Number(r.successes ?? 0);
  const t = tokensOf(r);
  into.tokens.input += t.input;
  into.tokens.output += t.output;
  into.tokens.cached += t.cached;
  into.tokens.cacheWrite += t.cacheWrite;
  into.tokens.reasoning += t.reasoning;
  into.costUsd += Number(r.cost ?? 0);
  into.unknownCostRequests += Number(r.unknown_cost ?? 0);
}

function monthStart(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function tokensOf(r: {
  input: number | null;
  output: number | null;
  cached: number | null;
  cache_write: number | null;
  reasoning: number | null;
}): TokenTotals {
  return {
    input: Number(r.input ?? 0),
    output: Number(r.output ?? 0),
    cached: Number(r.cached ?? 0),
    cacheWrite: Number(r.cache_write ?? 0),
    reasoning: Number(r.reasoning ?? 0),
  };
}

function emptyTokens(): TokenTotals {
  return { input: 0, output: 0, cached: 0, cacheWrite: 0, reasoning: 0 };
}

function emptyGroup(key: string | null): AnalyticsGroup {
  return {
    key,
    requests: 0,
    successes: 0,
    successRate: 0,
    latencyP50: null,
    latencyP95: null,
    latencyP99: null,
    ttftP50: null,
    tokens: emptyTokens(),
    costUsd: 0,
    unknownCostRequests: 0,
  };
}

function emptyFigures(): BucketFigures {
  return { requests: 0, successes: 0, tokens: emptyTokens(), costUsd: 0, unknownCostRequests: 0, latencyP50: null, latencyP95: null, latencyP99: null };
}
