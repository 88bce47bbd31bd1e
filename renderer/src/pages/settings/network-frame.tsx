import { createUniqueId, type JSX, type ParentProps } from 'solid-js';
import { Button } from '../../components/ui/button.js';
import { FieldFrame } from '../../components/ui/field.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** One part of the Network card, laid out like a setting row: what it is on the left, its controls on the right. */
export function NetworkRow(props: ParentProps<{ title: string; help: string; testId: string }>) {
  return (
    <div class="grid grid-cols-1 gap-x-6 gap-y-2 border-b border-border py-4 last:border-b-0 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]" data-testid={props.testId}>
      <div class="min-w-0">
        <h3 class="text-sm font-medium">{props.title}</h3>
        <p class="mt-1 text-xs text-muted">{props.help}</p>
      </div>
      <div class="flex min-w-0 flex-col gap-2">{props.children}</div>
    </div>
  );
}

/**
 * A labelled input with its own Save button, as one form (Enter saves). The error sits under
 * the input and is tied to it, so a screen reader reads the gateway's refusal with the field.
 */
export function SaveField(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  onSave: () => void;
  canSave: boolean;
  busy: boolean;
  placeholder?: string;
  hint?: JSX.Element;
  error: string | null;
  testId: string;
}) {
  const { t } = useI18n();
  const id = createUniqueId();
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (props.canSave && !props.busy) props.onSave();
  };
  return (
    <form onSubmit={submit}>
      <FieldFrame id={id} label={props.label} hint={props.hint} error={props.error}>
        <div class="flex gap-2">
          <input
            id={id}
            class="input min-w-0 flex-1"
            value={props.value}
            placeholder={props.placeholder}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={`${id}-hint ${id}-msg`}
            onInput={(e) => props.onInput(e.currentTarget.value)}
            data-testid={`${props.testId}-input`}
          />
          <Button type="submit" variant="primary" disabled={props.busy || !props.canSave} data-testid={`${props.testId}-save`}>
            {props.busy ? t('common.saving') : t('common.save')}
          </Button>
        </div>
      </FieldFrame>
    </form>
  );
}
