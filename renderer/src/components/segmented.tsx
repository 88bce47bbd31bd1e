import { RadioGroup } from '@kobalte/core/radio-group';
import { For, type JSX } from 'solid-js';

export interface SegmentOption<V extends string> {
  value: V;
  label: string;
  icon?: JSX.Element;
}

/** A row of mutually exclusive choices (a radio group: arrow keys move between them). */
export function Segmented<V extends string>(props: {
  label: string;
  options: readonly SegmentOption<V>[];
  value: V;
  onChange: (value: V) => void;
  testId?: string;
}) {
  return (
    <RadioGroup value={props.value} onChange={(v) => props.onChange(v as V)} class="flex flex-col gap-1" data-testid={props.testId}>
      <RadioGroup.Label class="text-xs font-medium text-muted">{props.label}</RadioGroup.Label>
      <div class="flex rounded-md border border-border bg-surface-2 p-0.5">
        <For each={props.options}>
          {(o) => (
            <RadioGroup.Item value={o.value} class="flex-1" data-value={o.value}>
              <RadioGroup.ItemInput class="peer sr-only" />
              <RadioGroup.ItemControl
                title={o.label}
                class="flex h-7 cursor-pointer items-center justify-center gap-1 rounded px-1.5 text-xs text-muted hover:text-fg data-[checked]:bg-surface data-[checked]:text-fg data-[checked]:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-accent"
              >
                {o.icon}
                <RadioGroup.ItemLabel class={o.icon ? 'sr-only' : ''}>{o.label}</RadioGroup.ItemLabel>
              </RadioGroup.ItemControl>
            </RadioGroup.Item>
          )}
        </For>
      </div>
    </RadioGroup>
  );
}
