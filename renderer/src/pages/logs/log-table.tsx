/**
 * The log as a virtualised table: only the rows in view (plus a few) are in the DOM, so tens
 * of thousands scroll like a handful. Rows are focusable; Enter or Space opens one, the arrow
 * keys move between them (scrolling the next into view first, as it may not exist yet).
 */
import { createVirtualizer } from '@tanstack/solid-virtual';
import { For, Show, createEffect, createMemo } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { DASH, formatCost, formatCount, formatMs, rowTimeFormatter, statusTone } from '../../lib/logs-format.js';
import type { LogEntry } from '../../lib/logs-types.js';
import type { LogFeed } from './log-feed.js';

export const ROW_HEIGHT = 36;
/** Fetch the next page when the view comes this many rows from the end of the loaded ones. */
const PREFETCH_ROWS = 60;
/** Shared by the header and every row, so the columns line up. */
const COLUMNS = 'grid-template-columns: 8.75rem 4.25rem minmax(0,1.3fr) minmax(0,1fr) 8.5rem minmax(0,0.6fr) 5.5rem 6rem 4.75rem';

export function LogTable(props: { feed: LogFeed; accountLabel: (id: string) => string; onOpen: (id: string) => void }) {
  const { t, tag } = useI18n();
  let scroller: HTMLDivElement | undefined;
  const time = createMemo(() => rowTimeFormatter(tag()));
  const rows = () => props.feed.rows();

  const virtualizer = createVirtualizer({
    get count() {
      return rows().length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => rows()[i]?.id ?? i,
  });

  createEffect(() => {
    const items = virtualizer.getVirtualItems();
    const last = items[items.length - 1];
    if (last !== undefined && last.index >= rows().length - PREFETCH_ROWS) props.feed.loadMore();
  });

  // Requests put on top push the rows down; a reader who scrolled away keeps the same rows in view.
  props.feed.onPrepend((count) => {
    if (scroller && scroller.scrollTop > 0) scroller.scrollTop += count * ROW_HEIGHT;
  });

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows().length) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => scroller?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus());
  };

  const onKeyDown = (e: KeyboardEvent, index: number, entry: LogEntry) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      props.onOpen(entry.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(index + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusRow(e.key === 'Home' ? 0 : rows().length - 1);
    }
  };

  // An account's label already names its provider ("openai/work"); without one, the provider alone.
  const route = (e: LogEntry) => (e.connectionId !== null ? props.accountLabel(e.connectionId) : (e.providerId ?? DASH));
  const tokens = (e: LogEntry) => (e.inputTokens === null && e.outputTokens === null ? DASH : `${formatCount(tag(), e.inputTokens)} / ${formatCount(tag(), e.outputTokens)}`);
  const cost = (e: LogEntry) => (e.costUsd === null ? DASH : formatCost(tag(), e.costUsd));
  const cell = 'min-w-0 truncate px-2';

  return (
    <div role="table" aria-label={t('logs.tableLabel')} aria-rowcount={rows().length + 1} class="overflow-hidden rounded-lg border border-border bg-surface" data-testid="log-table">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} class="grid h-9 items-center border-b border-border bg-surface-2 text-xs font-semibold text-muted" style={COLUMNS}>
          <span role="columnheader" class={cell}>{t('logs.col.time')}</span>
          <span role="columnheader" class={cell}>{t('logs.col.status')}</span>
          <span role="columnheader" class={cell}>{t('logs.col.model')}</span>
          <span role="columnheader" class={cell}>{t('logs.col.route')}</span>
          <span role="columnheader" class={cell}>{t('logs.col.format')}</span>
          <span role="columnheader" class={cell}>{t('logs.col.key')}</span>
          <span role="columnheader" class={`${cell} text-right`}>{t('logs.col.tokens')}</span>
          <span role="columnheader" class={`${cell} text-right`}>{t('logs.col.cost')}</span>
          <span role="columnheader" class={`${cell} text-right`}>{t('logs.col.latency')}</span>
        </div>
      </div>
      <div ref={scroller} role="rowgroup" tabindex="-1" class="relative h-[min(60vh,640px)] min-h-64 overflow-y-auto" data-testid="log-scroller">
        <div style={{ height: `${virtualizer.getTotalSize()}px`, position: 'relative' }}>
          <For each={virtualizer.getVirtualItems()}>
            {(item) => (
              <Show when={rows()[item.index]}>
                {(entry) => (
                  <div
                    role="row"
                    tabindex="0"
                    aria-rowindex={item.index + 2}
                    data-index={item.index}
                    data-testid="log-row"
                    data-id={entry().id}
                    data-status={entry().status}
                    class="absolute left-0 top-0 grid w-full cursor-pointer items-center border-b border-border text-[13px] hover:bg-surface-2 focus-visible:bg-accent-soft focus-visible:outline-offset-[-2px]"
                    style={`${COLUMNS}; height: ${ROW_HEIGHT}px; transform: translateY(${item.start}px)`}
                    onClick={() => props.onOpen(entry().id)}
                    onKeyDown={(e) => onKeyDown(e, item.index, entry())}
                  >
                    <span role="cell" class={`${cell} tabular-nums text-muted`}>{time().format(entry().ts)}</span>
                    <span role="cell" class={cell}>
                      <Badge tone={statusTone(entry().status)}>{entry().status}</Badge>
                    </span>
                    <span role="cell" class={`${cell} font-medium`} title={entry().requestedModel}>{entry().requestedModel}</span>
                    <span role="cell" class={`${cell} text-muted`} title={route(entry())}>{route(entry())}</span>
                    <span role="cell" class={`${cell} text-muted`}>{entry().clientFormat}</span>
                    <span role="cell" class={`${cell} text-muted`}>{entry().keyLabel ?? DASH}</span>
                    <span role="cell" class={`${cell} text-right tabular-nums`} title={`${t('logs.detail.input')} / ${t('logs.detail.output')}`}>
                      {tokens(entry())}
                    </span>
                    <span role="cell" class={`${cell} text-right tabular-nums`}>{cost(entry())}</span>
                    <span role="cell" class={`${cell} text-right tabular-nums`}>{formatMs(entry().latencyMs)}</span>
                  </div>
                )}
              </Show>
            )}
          </For>
        </div>
      </div>
    </div>
  );
}
