import { Show, type JSX, type ParentProps } from 'solid-js';

export function PageHeader(props: ParentProps<{ title: string; description?: string; actions?: JSX.Element }>) {
  return (
    <header class="mb-5 flex flex-wrap items-start justify-between gap-3">
      <div class="min-w-0">
        <h1 class="text-xl font-semibold">{props.title}</h1>
        <Show when={props.description}>
          <p class="mt-1 max-w-2xl text-muted">{props.description}</p>
        </Show>
        {props.children}
      </div>
      <Show when={props.actions}>
        <div class="flex flex-wrap items-center gap-2">{props.actions}</div>
      </Show>
    </header>
  );
}
