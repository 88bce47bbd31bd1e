import { createSignal } from 'solid-js';
import { notify } from '../components/ui/toast.js';
import { useI18n } from '../i18n/i18n-context.js';
import { messageOf } from './errors.js';

/**
 * Runs one form's save like createActions, but keeps the gateway's refusal for the form to
 * show next to its field: "Proxy URL must start with…" only helps beside the URL it is about,
 * and a toast would fade before it is fixed. Success is still a toast.
 */
export function createInlineAction() {
  const { t } = useI18n();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  async function run<T>(action: () => Promise<T>, done?: string): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (done) notify('success', done, t('common.close'));
      return result;
    } catch (err) {
      setError(messageOf(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}

export type InlineAction = ReturnType<typeof createInlineAction>;
