import { Pencil, Trash2 } from 'lucide-solid';
import { createSignal } from 'solid-js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Actions } from '../lib/actions.js';
import { Button } from './ui/button.js';
import { ConfirmDialog } from './ui/confirm-dialog.js';

/**
 * Edit and Delete for one provider, account or combo, so all of them look and ask alike.
 * Delete asks first, then runs as one of the owner's `actions` (its busy state covers it).
 */
export function EditDeleteButtons(props: {
  editLabel: string;
  deleteLabel: string;
  editTestId: string;
  deleteTestId: string;
  onEdit: () => void;
  confirmTitle: string;
  confirmBody: string;
  actions: Actions;
  remove: () => Promise<unknown>;
  /** The success toast. */
  removedMessage: string;
  onRemoved: () => void;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = createSignal(false);
  return (
    <>
      <Button size="sm" onClick={() => props.onEdit()} data-testid={props.editTestId}>
        <Pencil size={13} />
        {props.editLabel}
      </Button>
      <Button size="sm" variant="danger" onClick={() => setConfirming(true)} data-testid={props.deleteTestId}>
        <Trash2 size={13} />
        {props.deleteLabel}
      </Button>
      <ConfirmDialog
        open={confirming()}
        onOpenChange={setConfirming}
        title={props.confirmTitle}
        body={props.confirmBody}
        confirmLabel={t('common.delete')}
        onConfirm={async () => {
          const ok = await props.actions.run(props.remove, props.removedMessage);
          if (ok) props.onRemoved();
          return !!ok;
        }}
      />
    </>
  );
}
