import { Show } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Button } from './button.js';

/** A page-level failure (loading its data): the message as text, and a way to try again. */
export function ErrorBanner(props: { message: string | null | undefined; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Show when={props.message}>
      {(message) => (
        <div role="alert" data-testid="error-banner" class="mb-4 flex items-center justify-between gap-3 rounded-lg border border-bad bg-bad-soft px-3 py-2 text-bad">
          <span class="min-w-0 whitespace-pre-wrap break-words">{message()}</span>
          <Show when={props.onRetry}>
            <Button size="sm" onClick={() => props.onRetry?.()}>
              {t('common.retry')}
            </Button>
          </Show>
        </div>
      )}
    </Show>
  );
}
