import { Select as KSelect } from '@kobalte/core/select';
import { Check, ChevronsUpDown } from 'lucide-solid';
import { Show } from 'solid-js';

export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled single-choice picker over string values. */
export function Select(props: {
  label: string;
  options: readonly SelectOption[];
  value: string | null;
  onChange: (value: string) => void;
  placeholder?: string;
  disabled?: boolean;
  hideLabel?: boolean;
  hint?: string;
  testId?: string;
  class?: string;
}) {
  const selected = () => props.options.find((o) => o.value === props.value) ?? null;
  return (
    <KSelect<SelectOption>
      class={`flex flex-col gap-1 ${props.class ?? ''}`}
      options={[...props.options]}
      optionValue="value"
      optionTextValue="label"
      value={selected()}
      onChange={(o) => o && props.onChange(o.value)}
      disabled={props.disabled}
      placeholder={props.placeholder}
      disallowEmptySelection
      gutter={4}
      itemComponent={(item) => (
        <KSelect.Item
          item={item.item}
          class="flex cursor-pointer items-center justify-between gap-3 rounded px-2 py-1.5 text-[13px] outline-none data-[highlighted]:bg-accent-soft data-[highlighted]:text-fg"
        >
          <KSelect.ItemLabel>{item.item.rawValue.label}</KSelect.ItemLabel>
          <KSelect.ItemIndicator>
            <Check size={14} />
          </KSelect.ItemIndicator>
        </KSelect.Item>
      )}
    >
      <KSelect.Label class={props.hideLabel ? 'sr-only' : 'text-[13px] font-medium'}>{props.label}</KSelect.Label>
      <KSelect.Trigger
        data-testid={props.testId}
        class="input flex cursor-pointer items-center justify-between gap-2 text-left data-[disabled]:cursor-not-allowed"
      >
        <KSelect.Value<SelectOption> class="truncate">{(state) => state.selectedOption()?.label}</KSelect.Value>
        <KSelect.Icon class="text-muted">
          <ChevronsUpDown size={14} />
        </KSelect.Icon>
      </KSelect.Trigger>
      <Show when={props.hint}>
        <KSelect.Description class="text-xs text-muted">{props.hint}</KSelect.Description>
      </Show>
      <KSelect.Portal>
        <KSelect.Content class="z-50 max-h-80 min-w-[var(--kb-popper-anchor-width)] overflow-auto rounded-md border border-border bg-surface p-1 text-fg shadow-lg">
          <KSelect.Listbox class="outline-none" />
        </KSelect.Content>
      </KSelect.Portal>
    </KSelect>
  );
}
