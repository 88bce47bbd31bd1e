import { createSignal, type JSX } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Button } from './button.js';
import { Dialog } from './dialog.js';

/**
 * Asks before something that cannot be undone. `onConfirm` may be async: the dialog stays
 * open (buttons disabled) until it settles, and closes only when it succeeded.
 */
export function ConfirmDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  body: JSX.Element;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  onConfirm: () => Promise<boolean> | boolean;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    setBusy(true);
    try {
      if (await props.onConfirm()) props.onOpenChange(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={props.title}
      testId="confirm-dialog"
      footer={
        <>
          <Button onClick={() => props.onOpenChange(false)} disabled={busy()}>
            {t('common.cancel')}
          </Button>
          <Button variant={props.tone === 'primary' ? 'primary' : 'danger'} onClick={() => void confirm()} disabled={busy()} data-testid="confirm-button">
            {props.confirmLabel}
          </Button>
        </>
      }
    >
      <div class="text-[13px]">{props.body}</div>
    </Dialog>
  );
}
