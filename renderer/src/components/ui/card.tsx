import { Show, splitProps, type JSX, type ParentProps } from 'solid-js';

export function Card(props: ParentProps<JSX.HTMLAttributes<HTMLElement> & { tone?: 'normal' | 'attention' }>) {
  const [own, rest] = splitProps(props, ['tone', 'class', 'children']);
  const tone = () => (own.tone === 'attention' ? 'border-l-4 border-l-bad' : '');
  return (
    <section class={`rounded-lg border border-border bg-surface p-4 ${tone()} ${own.class ?? ''}`} {...rest}>
      {own.children}
    </section>
  );
}

export function CardTitle(props: ParentProps<{ id?: string; actions?: JSX.Element }>) {
  return (
    <div class="mb-3 flex flex-wrap items-center justify-between gap-2">
      <h2 id={props.id} class="text-[15px] font-semibold">
        {props.children}
      </h2>
      <Show when={props.actions}>
        <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
      </Show>
    </div>
  );
}
