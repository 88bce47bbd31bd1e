import { Show } from 'solid-js';
import type { CatalogueEntry } from '../lib/views.js';
import { useI18n } from '../i18n/i18n-context.js';

/** A key that does not look like the provider's is often pasted into the wrong one: warn, never refuse. */
export function KeyPrefixWarning(props: { provider: CatalogueEntry; apiKey: string }) {
  const { t } = useI18n();
  const mismatch = () => {
    const prefix = props.provider.keyPrefix;
    const key = props.apiKey.trim();
    return prefix && key.length > 0 && !key.startsWith(prefix) ? prefix : null;
  };
  return (
    <Show when={mismatch()}>
      {(prefix) => (
        <p data-testid="key-prefix-warning" class="rounded-md border border-warn bg-warn-soft px-3 py-2 text-[13px] text-warn">
          {t('onboarding.account.keyPrefixWarning', { provider: props.provider.name, prefix: prefix() })}
        </p>
      )}
    </Show>
  );
}
