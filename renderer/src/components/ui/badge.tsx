import type { ParentProps } from 'solid-js';

export type BadgeTone = 'neutral' | 'ok' | 'warn' | 'bad' | 'accent';

const TONES: Record<BadgeTone, string> = {
  neutral: 'bg-surface-2 text-muted border-border',
  ok: 'bg-ok-soft text-ok border-transparent',
  warn: 'bg-warn-soft text-warn border-transparent',
  bad: 'bg-bad-soft text-bad border-transparent',
  accent: 'bg-accent-soft text-accent border-transparent',
};

export function Badge(props: ParentProps<{ tone?: BadgeTone; title?: string; testId?: string }>) {
  return (
    <span
      title={props.title}
      data-testid={props.testId}
      class={`inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2 py-px text-xs font-medium ${TONES[props.tone ?? 'neutral']}`}
    >
      {props.children}
    </span>
  );
}
