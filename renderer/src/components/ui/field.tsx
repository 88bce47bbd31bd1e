import { Show, createUniqueId, splitProps, type JSX } from 'solid-js';

interface FieldProps {
  label: string;
  hint?: JSX.Element;
  /** A warning the user may ignore (shown, not blocking). */
  warning?: string | null;
  error?: string | null;
}

/** A labelled text input; hint, warning and error are tied to it with aria-describedby. */
export function TextField(props: FieldProps & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'onInput'> & { onInput?: (value: string) => void }) {
  const [own, rest] = splitProps(props, ['label', 'hint', 'warning', 'error', 'onInput', 'class', 'id']);
  const id = own.id ?? createUniqueId();
  return (
    <FieldFrame id={id} label={own.label} hint={own.hint} warning={own.warning} error={own.error} class={own.class}>
      <input
        id={id}
        class="input"
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={`${id}-hint ${id}-msg`}
        onInput={(e) => own.onInput?.(e.currentTarget.value)}
        {...rest}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: FieldProps & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'onInput'> & { onInput?: (value: string) => void }) {
  const [own, rest] = splitProps(props, ['label', 'hint', 'warning', 'error', 'onInput', 'class', 'id']);
  const id = own.id ?? createUniqueId();
  return (
    <FieldFrame id={id} label={own.label} hint={own.hint} warning={own.warning} error={own.error} class={own.class}>
      <textarea
        id={id}
        class="input min-h-24 font-mono"
        aria-invalid={own.error ? 'true' : undefined}
        aria-describedby={`${id}-hint ${id}-msg`}
        onInput={(e) => own.onInput?.(e.currentTarget.value)}
        {...rest}
      />
    </FieldFrame>
  );
}

export function FieldFrame(props: FieldProps & { id: string; class?: string; children: JSX.Element }) {
  return (
    <div class={`flex flex-col gap-1 ${props.class ?? ''}`}>
      <label for={props.id} class="text-[13px] font-medium">
        {props.label}
      </label>
      {props.children}
      <Show when={props.hint}>
        <p id={`${props.id}-hint`} class="text-xs text-muted">
          {props.hint}
        </p>
      </Show>
      <p id={`${props.id}-msg`} class="text-xs empty:hidden" classList={{ 'text-bad': !!props.error, 'text-warn': !props.error && !!props.warning }} aria-live="polite">
        {props.error ?? props.warning ?? ''}
      </p>
    </div>
  );
}
