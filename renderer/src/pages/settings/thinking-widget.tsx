import { Show } from 'solid-js';
import { TextField } from '../../components/ui/field.js';
import { Select } from '../../components/ui/select.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { THINKING_MODES } from '../../lib/contract-lists.js';

type Thinking = { mode: (typeof THINKING_MODES)[number]; budgetTokens?: number };

function asThinking(value: unknown): Thinking {
  if (typeof value === 'object' && value !== null && 'mode' in value && typeof value.mode === 'string') {
    const mode = (THINKING_MODES as readonly string[]).includes(value.mode) ? (value.mode as Thinking['mode']) : 'passthrough';
    const budget = 'budgetTokens' in value && typeof value.budgetTokens === 'number' ? value.budgetTokens : undefined;
    return budget === undefined ? { mode } : { mode, budgetTokens: budget };
  }
  return { mode: 'passthrough' };
}

/** routing.thinking: a mode, and a token budget that only the custom mode uses. */
export function ThinkingWidget(props: { label: string; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useI18n();
  const v = () => asThinking(props.value);
  return (
    <div class="flex flex-wrap items-end gap-3" data-testid="setting-input-routing.thinking">
      <Select
        class="w-48"
        label={t('settings.thinkingMode')}
        options={THINKING_MODES.map((m) => ({ value: m, label: t(`settings.thinkingModes.${m}`) }))}
        value={v().mode}
        onChange={(mode) => props.onChange(mode === 'custom' ? { mode, budgetTokens: v().budgetTokens ?? 8192 } : { mode })}
      />
      <Show when={v().mode === 'custom'}>
        <TextField
          class="w-40"
          label={t('settings.thinkingBudget')}
          type="number"
          min="1"
          step="1"
          value={String(v().budgetTokens ?? '')}
          onInput={(raw) => props.onChange({ mode: 'custom', budgetTokens: raw === '' ? undefined : Number(raw) })}
        />
      </Show>
    </div>
  );
}
