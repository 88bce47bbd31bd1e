import { RotateCcw } from 'lucide-solid';
import { Button } from '../../components/ui/button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { Actions } from '../../lib/actions.js';

/**
 * Clears routing state now. `label` names what is reset for screen readers (several buttons
 * say "Reset"); the page reloads afterwards, so the row shows the state the gateway now has.
 */
export function ResetButton(props: { actions: Actions; label: string; name: string; reset: () => Promise<unknown>; onDone: () => void; testId: string }) {
  const { t } = useI18n();
  const run = async () => {
    await props.actions.run(props.reset, t('healthPage.resetDone', { name: props.name }));
    props.onDone();
  };
  return (
    <Button size="sm" aria-label={props.label} title={props.label} disabled={props.actions.busy()} onClick={() => void run()} data-testid={props.testId}>
      <RotateCcw size={13} aria-hidden="true" />
      {t('healthPage.reset')}
    </Button>
  );
}
