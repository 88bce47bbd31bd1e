import { createSignal } from 'solid-js';
import { notify } from '../components/ui/toast.js';
import { useI18n } from '../i18n/i18n-context.js';
import { messageOf } from './errors.js';

/**
 * Runs user actions: while one runs `busy()` is true; a failure shows the control API's
 * message in a toast and resolves to undefined; `done` names a success toast to show.
 */
export function createActions() {
  const { t } = useI18n();
  const [busy, setBusy] = createSignal(false);
  async function run<T>(action: () => Promise<T>, done?: string): Promise<T | undefined> {
    setBusy(true);
    try {
      const result = await action();
      if (done) notify('success', done, t('common.close'));
      return result;
    } catch (err) {
      notify('error', messageOf(err), t('common.close'));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}

export type Actions = ReturnType<typeof createActions>;
