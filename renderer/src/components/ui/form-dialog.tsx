import { type ParentProps } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Button } from './button.js';
import { Dialog } from './dialog.js';

/**
 * A dialog holding one form with Cancel and a submit button, the shape of every add/edit
 * dialog. `onSubmit` resolves true when it saved, which closes the dialog; a wide one gets
 * more room and a rule above its buttons.
 */
export function FormDialog(
  props: ParentProps<{
    open: boolean;
    onOpenChange: (open: boolean) => void;
    title: string;
    testId: string;
    size?: 'md' | 'lg';
    busy: boolean;
    /** False keeps submit disabled (the form is not complete yet). */
    canSubmit?: boolean;
    /** Shown instead of Save / Saving…. */
    submitLabel?: string;
    submitTestId: string;
    onSubmit: () => Promise<boolean>;
  }>,
) {
  const { t } = useI18n();
  const wide = () => props.size === 'lg';
  const submit = async (ev: SubmitEvent) => {
    ev.preventDefault();
    if (await props.onSubmit()) props.onOpenChange(false);
  };
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title={props.title} size={props.size} testId={props.testId}>
      <form class={`flex flex-col ${wide() ? 'gap-4' : 'gap-3'}`} onSubmit={(e) => void submit(e)}>
        {props.children}
        <div class={`flex justify-end gap-2 ${wide() ? 'border-t border-border pt-3' : 'pt-1'}`}>
          <Button onClick={() => props.onOpenChange(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="primary" disabled={props.busy || props.canSubmit === false} data-testid={props.submitTestId}>
            {props.submitLabel ?? (props.busy ? t('common.saving') : t('common.save'))}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
