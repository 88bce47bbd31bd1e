/** The filter bar above the log: time range, status, model, provider, account, key and client format. */
import { X } from 'lucide-solid';
import { Show } from 'solid-js';
import { Button } from '../../components/ui/button.js';
import { TextField } from '../../components/ui/field.js';
import { Select, type SelectOption } from '../../components/ui/select.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { CLIENT_FORMATS, isFiltered, sameFilters, NO_FILTERS, RANGE_PRESETS, STATUS_CHOICES, toListInput, type LogFilters, type StatusChoice } from '../../lib/logs-query.js';
import type { FilterChoice, FilterOptions } from './filter-options.js';

/** The "All" entry of a list; no model, provider, account or key is called this. */
export const ANY = '__any__';

type PickKey = 'model' | 'provider' | 'account' | 'key' | 'clientFormat';

export function LogFiltersBar(props: { filters: LogFilters; onChange: (next: LogFilters) => void; options: FilterOptions }) {
  const { t } = useI18n();
  // Kobalte re-reports the selection when its option list is rebuilt (new suggestions came);
  // only a real change may reach the page, or every reload of the suggestions would refetch the log.
  const set = (patch: Partial<LogFilters>) => {
    const next = { ...props.filters, ...patch };
    if (!sameFilters(next, props.filters)) props.onChange(next);
  };

  // The chosen value stays listed even when the range no longer holds it, so the picker shows it.
  // Values are URI-encoded: Kobalte finds an option with a [data-key="…"] selector, which a
  // quote in a model name (clients choose them) would break.
  const choices = (list: readonly FilterChoice[], current: string | null): SelectOption[] => {
    const listed = current !== null && !list.some((c) => c.value === current) ? [...list, { value: current, label: current }] : list;
    return [{ value: ANY, label: t('logs.any') }, ...listed.map((c) => ({ value: encodeURIComponent(c.value), label: c.label }))];
  };
  const pick = (key: PickKey, label: string, list: () => readonly FilterChoice[]) => (
    <Select
      label={label}
      testId={`filter-${key}`}
      options={choices(list(), props.filters[key])}
      value={props.filters[key] === null ? ANY : encodeURIComponent(props.filters[key] ?? '')}
      onChange={(v) => {
        const patch: Partial<LogFilters> = {};
        patch[key] = v === ANY ? null : decodeURIComponent(v);
        set(patch);
      }}
    />
  );

  const rangeOptions = () => RANGE_PRESETS.map((r) => ({ value: r, label: t(`logs.ranges.${r}`) }));
  const statusLabel = (s: StatusChoice) => (s === 'all' ? t('logs.any') : s === 'success' ? t('logs.statusSuccess') : s === 'error' ? t('logs.statusError') : s);
  const invalid = () => !toListInput(props.filters, 0, 1).ok;

  return (
    <section aria-label={t('logs.filters')} class="mb-3 rounded-lg border border-border bg-surface p-3" data-testid="log-filters">
      <div class="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Select
          label={t('logs.range')}
          testId="filter-range"
          options={rangeOptions()}
          value={props.filters.range}
          onChange={(v) => set({ range: RANGE_PRESETS.find((r) => r === v) ?? 'all' })}
        />
        <Select
          label={t('logs.status')}
          testId="filter-status"
          options={STATUS_CHOICES.map((s) => ({ value: s, label: statusLabel(s) }))}
          value={props.filters.status}
          onChange={(v) => set({ status: STATUS_CHOICES.find((s) => s === v) ?? 'all' })}
        />
        {pick('model', t('logs.model'), () => props.options.model)}
        {pick('provider', t('logs.provider'), () => props.options.provider)}
        {pick('account', t('logs.account'), () => props.options.account)}
        {pick('key', t('logs.key'), () => props.options.key)}
        {pick('clientFormat', t('logs.clientFormat'), () => CLIENT_FORMATS.map((f) => ({ value: f, label: f })))}
        <div class="flex items-end">
          <Show when={isFiltered(props.filters)}>
            <Button onClick={() => props.onChange(NO_FILTERS)} data-testid="filter-reset">
              <X size={14} />
              {t('logs.reset')}
            </Button>
          </Show>
        </div>
      </div>
      <Show when={props.filters.range === 'custom'}>
        <div class="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4">
          <TextField
            type="datetime-local"
            label={t('logs.from')}
            value={props.filters.customFrom}
            onChange={(e) => set({ customFrom: e.currentTarget.value })}
            data-testid="filter-from"
            error={invalid() ? t('logs.rangeInvalid') : null}
          />
          <TextField type="datetime-local" label={t('logs.to')} value={props.filters.customTo} onChange={(e) => set({ customTo: e.currentTarget.value })} data-testid="filter-to" />
        </div>
      </Show>
    </section>
  );
}
