/** A quota window's name and source in the UI's language. */
import { useI18n, type TranslationKey } from '../../i18n/i18n-context.js';
import { parseWindowName } from '../../lib/quota-window.js';
import type { QuotaWindowStatus } from '../../lib/views.js';

type Source = QuotaWindowStatus['source'];

const SOURCE: Record<Source, Extract<TranslationKey, `quota.sources.${string}`>> = { endpoint: 'quota.sources.endpoint', headers: 'quota.sources.headers', config: 'quota.sources.config' };
const SOURCE_HINT: Record<Source, Extract<TranslationKey, `quota.sourceHints.${string}`>> = {
  endpoint: 'quota.sourceHints.endpoint',
  headers: 'quota.sourceHints.headers',
  config: 'quota.sourceHints.config',
};
const KEY_LIMIT: Record<'daily' | 'weekly' | 'monthly', Extract<TranslationKey, `quota.windows.${string}`>> = {
  daily: 'quota.windows.keyLimitDaily',
  weekly: 'quota.windows.keyLimitWeekly',
  monthly: 'quota.windows.keyLimitMonthly',
};

export function useWindowText() {
  const { t, tag } = useI18n();
  return {
    name(window: string): string {
      const w = parseWindowName(window);
      const hours = (h: number) => new Intl.NumberFormat(tag()).format(h);
      switch (w.kind) {
        case 'rolling':
          return t('quota.windows.rolling', { hours: hours(w.hours) });
        case 'fixed':
          return t('quota.windows.fixed', { hours: hours(w.hours) });
        case 'daily':
          return t('quota.windows.daily');
        case 'weekly':
          return t('quota.windows.weekly');
        case 'monthly':
          return t('quota.windows.monthly');
        case 'key-limit':
          return w.period ? t(KEY_LIMIT[w.period]) : t('quota.windows.keyLimit');
        case 'balance':
          return t('quota.windows.balance');
        case 'headers':
          return w.unit === 'requests' ? t('quota.windows.headersRequests') : t('quota.windows.headersTokens');
        case 'other':
          // A window name the gateway added after this page was written: shown as sent.
          return w.name;
      }
    },
    source: (s: Source): string => t(SOURCE[s]),
    sourceHint: (s: Source): string => t(SOURCE_HINT[s]),
  };
}
