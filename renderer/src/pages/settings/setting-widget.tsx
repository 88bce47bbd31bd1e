import { For, Match, Switch as SolidSwitch, createUniqueId } from 'solid-js';
import { Select } from '../../components/ui/select.js';
import { Switch } from '../../components/ui/switch.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { STRATEGIES } from '../../lib/contract-lists.js';
import type { SettingKey } from '../../lib/views.js';
import { JsonWidget } from './json-widget.js';
import { ThinkingWidget } from './thinking-widget.js';

export interface WidgetProps {
  settingKey: SettingKey;
  label: string;
  value: unknown;
  /** A value of the setting's type (its default, or its value when the default is unset), to pick the widget. */
  sample: unknown;
  disabled: boolean;
  /** Provider ids, for the disabled-providers picker. */
  providers: readonly { id: string; name: string }[];
  /** The raw edit: '' for an emptied field, which saving turns into "back to the default". */
  onChange: (value: unknown) => void;
}

/** The input for one setting, chosen by its key (or, for keys added later, by its value's type). */
export function SettingWidget(props: WidgetProps) {
  const { t } = useI18n();
  const id = createUniqueId();
  const kind = () => {
    const k = props.settingKey;
    if (k === 'routing.strategy') return 'strategy';
    if (k === 'routing.systemPrompt') return 'textarea';
    if (k === 'routing.disabledProviders') return 'providers';
    if (k === 'routing.thinking') return 'thinking';
    if (typeof props.sample === 'boolean') return 'boolean';
    if (typeof props.sample === 'number') return 'number';
    if (typeof props.sample === 'object' && props.sample !== null) return 'json';
    return 'text';
  };
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const list = () => (Array.isArray(props.value) ? props.value.map(String) : []);
  return (
    <SolidSwitch>
      <Match when={kind() === 'strategy'}>
        <Select
          label={props.label}
          hideLabel
          options={STRATEGIES.map((s) => ({ value: s, label: t(`combos.strategies.${s}`) }))}
          value={text(props.value)}
          onChange={props.onChange}
          disabled={props.disabled}
          class="max-w-xs"
          testId={`setting-input-${props.settingKey}`}
        />
      </Match>
      <Match when={kind() === 'thinking'}>
        <ThinkingWidget label={props.label} value={props.value} onChange={props.onChange} />
      </Match>
      <Match when={kind() === 'boolean'}>
        <Switch label={props.label} hideLabel checked={props.value === true} onChange={props.onChange} disabled={props.disabled} testId={`setting-input-${props.settingKey}`} />
      </Match>
      <Match when={kind() === 'textarea'}>
        <textarea
          id={id}
          aria-label={props.label}
          class="input min-h-24 font-mono"
          value={text(props.value)}
          disabled={props.disabled}
          onInput={(e) => props.onChange(e.currentTarget.value)}
          data-testid={`setting-input-${props.settingKey}`}
        />
      </Match>
      <Match when={kind() === 'providers'}>
        <fieldset class="m-0 grid grid-cols-2 gap-1 border-0 p-0 sm:grid-cols-3" disabled={props.disabled} data-testid={`setting-input-${props.settingKey}`}>
          <legend class="sr-only">{props.label}</legend>
          <For each={props.providers}>
            {(p) => (
              <label class="flex items-center gap-2 text-[13px]">
                <input
                  type="checkbox"
                  class="h-4 w-4 accent-[var(--accent)]"
                  checked={list().includes(p.id)}
                  onChange={(e) => props.onChange(e.currentTarget.checked ? [...list(), p.id] : list().filter((x) => x !== p.id))}
                />
                <span class="truncate">{p.name}</span>
              </label>
            )}
          </For>
        </fieldset>
      </Match>
      <Match when={kind() === 'number'}>
        <input
          id={id}
          aria-label={props.label}
          type="number"
          class="input max-w-48 tabular-nums"
          value={text(props.value)}
          disabled={props.disabled}
          onInput={(e) => {
            const raw = e.currentTarget.value;
            props.onChange(raw === '' ? '' : Number(raw));
          }}
          data-testid={`setting-input-${props.settingKey}`}
        />
      </Match>
      <Match when={kind() === 'json'}>
        <JsonWidget label={props.label} value={props.value} onChange={props.onChange} testId={`setting-input-${props.settingKey}`} />
      </Match>
      <Match when={kind() === 'text'}>
        <input
          id={id}
          aria-label={props.label}
          class="input max-w-md"
          value={text(props.value)}
          disabled={props.disabled}
          spellcheck={false}
          onInput={(e) => props.onChange(e.currentTarget.value)}
          data-testid={`setting-input-${props.settingKey}`}
        />
      </Match>
    </SolidSwitch>
  );
}
