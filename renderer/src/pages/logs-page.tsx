/**
 * The request log: filters, a virtualised table with a live tail, a detail drawer and export
 * of the loaded slice. The pieces live in ./logs/; this file wires their state together.
 */
import { Show, createSignal } from 'solid-js';
import { Button } from '../components/ui/button.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { PageHeader } from '../components/ui/page-header.js';
import { Switch } from '../components/ui/switch.js';
import { useI18n } from '../i18n/i18n-context.js';
import { isFiltered, NO_FILTERS, sameFilters, type LogFilters } from '../lib/logs-query.js';
import { ExportButtons } from './logs/export-buttons.js';
import { createFilterOptions } from './logs/filter-options.js';
import { createLogFeed } from './logs/log-feed.js';
import { LogDrawer } from './logs/log-drawer.js';
import { LogFiltersBar } from './logs/log-filters.js';
import { LogTable } from './logs/log-table.js';

function focusRow(id: string): void {
  const rows = document.querySelectorAll<HTMLElement>('[data-testid="log-row"]');
  const row = [...rows].find((r) => r.dataset.id === id) ?? document.querySelector<HTMLElement>('[data-testid="log-scroller"]');
  row?.focus();
}

export function LogsPage() {
  const { t, tag } = useI18n();
  const [filters, setFilters] = createSignal<LogFilters>(NO_FILTERS, { equals: sameFilters });
  const [live, setLive] = createSignal(true);
  const [openId, setOpenId] = createSignal<string | null>(null);
  const feed = createLogFeed(filters, live);
  const { options, accountLabel } = createFilterOptions(filters);
  // The row a drawer was opened from gets focus back when it closes (if it is still rendered).
  let lastOpened = '';
  const open = (id: string) => {
    lastOpened = id;
    setOpenId(id);
  };
  const count = () => new Intl.NumberFormat(tag()).format(feed.rows().length);

  return (
    <>
      <PageHeader
        title={t('logs.title')}
        description={t('logs.description')}
        actions={
          <>
            <Switch label={t('logs.live')} checked={live()} onChange={setLive} testId="live-tail" />
            <ExportButtons rows={feed.rows()} />
          </>
        }
      />
      <LogFiltersBar filters={filters()} onChange={setFilters} options={options()} />
      <ErrorBanner message={feed.error()} onRetry={feed.reload} />
      <div class="mb-2 flex min-h-7 flex-wrap items-center justify-between gap-2 text-[13px] text-muted" aria-live="polite">
        <span data-testid="log-count" data-count={feed.rows().length} data-ready={feed.ready() ? 'true' : 'false'} data-more={feed.hasMore() ? 'true' : 'false'}
          data-loading={feed.loading() ? 'true' : 'false'}
        >
          <Show when={feed.ready()} fallback={feed.invalid() ? t('logs.rangeInvalid') : t('common.loading')}>
            {feed.hasMore() ? t('logs.loadedMore', { count: count() }) : t('logs.loaded', { count: count() })}
          </Show>
        </span>
        <Show when={!live() && feed.unseen() > 0}>
          <Button size="sm" onClick={feed.catchUp} data-testid="show-new">
            {t('logs.showNew', { count: String(feed.unseen()) })}
          </Button>
        </Show>
      </div>
      <Show
        when={!feed.ready() || feed.rows().length > 0}
        fallback={
          <p class="rounded-lg border border-border bg-surface p-4 text-muted" data-testid="log-empty">
            {isFiltered(filters()) ? t('logs.empty') : t('logs.emptyAll')}
          </p>
        }
      >
        <LogTable feed={feed} accountLabel={accountLabel} onOpen={open} />
      </Show>
      <p class="mt-2 min-h-5 text-[13px] text-muted">
        <Show when={feed.ready() && feed.rows().length > 0}>{feed.loading() ? t('logs.loadingMore') : feed.hasMore() ? '' : t('logs.end')}</Show>
      </p>
      <LogDrawer id={openId()} accountLabel={accountLabel} onClose={() => setOpenId(null)} returnFocus={() => focusRow(lastOpened)} />
    </>
  );
}
