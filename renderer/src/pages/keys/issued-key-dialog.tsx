import { Button } from '../../components/ui/button.js';
import { Dialog } from '../../components/ui/dialog.js';
import { SecretOnce } from '../../components/ui/secret-once.js';
import { useI18n } from '../../i18n/i18n-context.js';

/** A new or rotated key, shown once; closing the dialog forgets it. */
export function IssuedKeyDialog(props: { issued: { key: string; title: string } | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog
      open={props.issued !== null}
      onOpenChange={(open) => !open && props.onClose()}
      title={props.issued?.title ?? ''}
      testId="issued-key-dialog"
      footer={
        <Button variant="primary" onClick={() => props.onClose()} data-testid="issued-key-done">
          {t('keys.done')}
        </Button>
      }
    >
      <SecretOnce secret={props.issued?.key ?? ''} />
    </Dialog>
  );
}
