import { Show } from 'solid-js';
import { CopyButton } from './copy-button.js';

/** Text to copy verbatim (a command, a config snippet, a key). */
export function CodeBlock(props: { text: string; caption?: string; testId?: string }) {
  return (
    <div class="overflow-hidden rounded-md border border-border bg-surface-2">
      <div class="flex items-center justify-between gap-2 border-b border-border px-3 py-1.5">
        <span class="truncate text-xs text-muted">{props.caption ?? ''}</span>
        <CopyButton text={props.text} />
      </div>
      <Show when={props.text}>
        <pre data-testid={props.testId} class="overflow-x-auto whitespace-pre-wrap break-all px-3 py-2 text-[12.5px]">
          {props.text}
        </pre>
      </Show>
    </div>
  );
}
