import { Switch as KSwitch } from '@kobalte/core/switch';

/** An on/off switch with a visible or screen-reader-only label. */
export function Switch(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  hideLabel?: boolean;
  testId?: string;
}) {
  return (
    <KSwitch
      class="inline-flex items-center gap-2"
      checked={props.checked}
      onChange={(v) => props.onChange(v)}
      disabled={props.disabled}
      data-testid={props.testId}
    >
      <KSwitch.Input class="peer sr-only" />
      <KSwitch.Control class="inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border border-border bg-surface-2 p-px transition-colors data-[checked]:border-accent data-[checked]:bg-accent data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent">
        <KSwitch.Thumb class="block h-4 w-4 rounded-full bg-muted shadow transition-transform data-[checked]:translate-x-4 data-[checked]:bg-accent-fg" />
      </KSwitch.Control>
      <KSwitch.Label class={props.hideLabel ? 'sr-only' : 'text-[13px]'}>{props.label}</KSwitch.Label>
    </KSwitch>
  );
}
