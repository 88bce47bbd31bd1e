/**
 * The rows the Logs table shows: pages of `logs.list` fetched as the user scrolls (cursor
 * paging, so 50 000 rows cost one page at a time), reset when the filters change, and a live
 * tail that puts requests the gateway reports finished (`request.finished`) on top.
 */
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { useClient } from '../../client-context.js';
import { messageOf } from '../../lib/errors.js';
import { mergeHead, toListInput, type LogFilters } from '../../lib/logs-query.js';
import type { LogCursor, LogEntry } from '../../lib/logs-types.js';

export const PAGE_SIZE = 200;
/** Rows fetched for the live head; more finishing between two events than this reloads instead. */
const HEAD_SIZE = 100;
/**
 * The event is sent as the request finishes, a moment before its row is committed (group
 * commit), so a head fetched at once can miss it: fetch again a few times, then give up (the
 * request may simply not match the filters).
 */
const TAIL_RETRY_MS = [150, 400, 1000, 2500];

export interface LogFeed {
  rows: Accessor<readonly LogEntry[]>;
  /** More rows exist below the loaded ones. */
  hasMore: Accessor<boolean>;
  loading: Accessor<boolean>;
  /** The first page of the current filters has arrived. */
  ready: Accessor<boolean>;
  error: Accessor<string | null>;
  /** The filters make no valid query (a reversed custom range). */
  invalid: Accessor<boolean>;
  /** Finished requests not yet shown because the live tail is paused. */
  unseen: Accessor<number>;
  loadMore(): void;
  /** Fetches the head now (the "show new" button, or a paused tail resumed). */
  catchUp(): void;
  reload(): void;
  /** Called with how many rows went on top, so the table can keep the user's place. */
  onPrepend(listener: (count: number) => void): void;
}

export function createLogFeed(filters: Accessor<LogFilters>, live: Accessor<boolean>): LogFeed {
  const client = useClient();
  const [rows, setRows] = createSignal<readonly LogEntry[]>([]);
  const [next, setNext] = createSignal<LogCursor | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [ready, setReady] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [invalid, setInvalid] = createSignal(false);
  const [unseen, setUnseen] = createSignal(0);
  let prependListener: (count: number) => void = () => {};
  // Bumped on every reset: answers to an older query are dropped.
  let generation = 0;
  const waiting = new Map<string, number>();
  let tailTimer: ReturnType<typeof setTimeout> | undefined;

  const query = (limit: number) => toListInput(filters(), Date.now(), limit);

  async function fetchPage(): Promise<void> {
    const gen = generation;
    const q = query(PAGE_SIZE);
    if (!q.ok) return;
    const before = next();
    if (ready() && before === null) return;
    setLoading(true);
    try {
      const page = await client.call('logs.list', before ? { ...q.input, before } : q.input);
      if (gen !== generation) return;
      const known = new Set(rows().map((r) => r.id));
      setRows([...rows(), ...page.entries.filter((e) => !known.has(e.id))]);
      setNext(page.next);
      setReady(true);
      setError(null);
    } catch (err) {
      if (gen === generation) setError(messageOf(err));
    } finally {
      if (gen === generation) setLoading(false);
    }
  }

  function reset(): void {
    generation++;
    waiting.clear();
    setRows([]);
    setNext(null);
    setReady(false);
    setLoading(false);
    setUnseen(0);
    const q = query(PAGE_SIZE);
    setInvalid(!q.ok);
    if (q.ok) void fetchPage();
  }

  async function fetchHead(): Promise<void> {
    const gen = generation;
    const q = query(HEAD_SIZE);
    if (!q.ok || !ready()) return;
    try {
      const head = await client.call('logs.list', q.input);
      if (gen !== generation) return;
      const merged = mergeHead(rows(), head.entries, head.next !== null);
      if (merged.gap) return reset();
      for (const e of head.entries) waiting.delete(e.id);
      if (merged.added > 0) {
        setRows(merged.rows);
        prependListener(merged.added);
      }
      setUnseen(0);
    } catch (err) {
      if (gen === generation) setError(messageOf(err));
    }
  }

  function scheduleTail(): void {
    if (tailTimer !== undefined) return;
    const attempt = Math.min(...waiting.values());
    tailTimer = setTimeout(
      () => {
        tailTimer = undefined;
        void fetchHead().then(() => {
          // Whatever is still missing is tried again later, a bounded number of times.
          for (const [id, tries] of waiting) {
            if (tries + 1 >= TAIL_RETRY_MS.length) waiting.delete(id);
            else waiting.set(id, tries + 1);
          }
          if (waiting.size > 0) scheduleTail();
        });
      },
      TAIL_RETRY_MS[Number.isFinite(attempt) ? attempt : 0],
    );
  }

  const off = client.onEvent((event) => {
    if (event.name !== 'request.finished') return;
    if (!live()) {
      setUnseen((n) => n + 1);
      return;
    }
    waiting.set(event.payload.requestId, 0);
    scheduleTail();
  });
  onCleanup(() => {
    off();
    if (tailTimer !== undefined) clearTimeout(tailTimer);
  });

  createEffect(on(filters, reset));
  // Resuming the tail brings in what finished while it was paused.
  createEffect(on(live, (enabled) => enabled && unseen() > 0 && void fetchHead(), { defer: true }));

  return {
    rows,
    hasMore: () => next() !== null,
    loading,
    ready,
    error,
    invalid,
    unseen,
    loadMore: () => {
      if (!loading() && next() !== null && !invalid()) void fetchPage();
    },
    catchUp: () => void fetchHead(),
    reload: reset,
    onPrepend: (listener) => {
      prependListener = listener;
    },
  };
}
