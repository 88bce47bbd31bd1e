import { Show } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { JsonText } from '../../lib/settings-draft.js';

/** Structured settings (per-provider limits, prices, budgets) as JSON; the gateway checks the shape. */
export function JsonWidget(props: { label: string; value: unknown; onChange: (value: unknown) => void; testId: string }) {
  const { t } = useI18n();
  const text = () => (props.value instanceof JsonText ? props.value.text : JSON.stringify(props.value ?? null, null, 2));
  const invalid = () => props.value instanceof JsonText && props.value.text.trim() !== '' && !props.value.parse().ok;
  return (
    <div class="flex flex-col gap-1">
      <textarea
        aria-label={props.label}
        aria-invalid={invalid() ? 'true' : undefined}
        class="input min-h-28 font-mono text-[12.5px]"
        value={text()}
        spellcheck={false}
        onInput={(e) => props.onChange(new JsonText(e.currentTarget.value))}
        data-testid={props.testId}
      />
      <Show when={invalid()}>
        <p class="text-xs text-bad">{t('settings.invalidJson')}</p>
      </Show>
    </div>
  );
}
