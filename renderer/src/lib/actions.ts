import { createSignal } from 'solid-js';
import { notify } from '../components/ui/toast.js';
import { useI18n } from '../i18n/i18n-context.js';
import { messageOf } from './errors.js';

/**
 * Runs user actions: while one runs `busy()` is true; `done` names a success toast to show; a
 * failure resolves to undefined and shows the control API's message in a toast, or, with
 * `errorsInline`, keeps it in `error()` for the form to show beside the field it is about
 * ("Proxy URL must start with…" only helps next to the URL, and a toast fades before it is fixed).
 */
export function createActions(opts: { errorsInline?: boolean } = {}) {
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
      if (opts.errorsInline) setError(messageOf(err));
      else notify('error', messageOf(err), t('common.close'));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}

export type Actions = ReturnType<typeof createActions>;
