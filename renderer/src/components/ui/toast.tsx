import { Toast, toaster } from '@kobalte/core/toast';
import { X } from 'lucide-solid';
import { Portal } from 'solid-js/web';

/**
 * Outcome messages of actions. Errors stay three times longer than successes (and while the
 * pointer is on them), because the control API's message usually says what to do next.
 * Text only, never markup.
 */
export function notify(kind: 'success' | 'error', text: string, closeLabel: string): void {
  toaster.show((props) => (
    <Toast
      toastId={props.toastId}
      duration={kind === 'error' ? 12_000 : 4000}
      data-testid={kind === 'error' ? 'toast-error' : 'toast-success'}
      class={`pointer-events-auto flex items-start gap-3 rounded-md border px-3 py-2 text-[13px] shadow-lg ${
        kind === 'error' ? 'border-bad bg-bad-soft text-bad' : 'border-ok bg-ok-soft text-ok'
      }`}
    >
      <Toast.Description class="min-w-0 flex-1 whitespace-pre-wrap break-words">{text}</Toast.Description>
      <Toast.CloseButton aria-label={closeLabel} class="shrink-0 rounded p-0.5 hover:bg-surface">
        <X size={14} />
      </Toast.CloseButton>
    </Toast>
  ));
}

export function ToastRegion(props: { label: string }) {
  return (
    <Portal>
      <Toast.Region aria-label={props.label} limit={4} pauseOnPageIdle={false}>
        <Toast.List class="fixed bottom-4 right-4 z-50 m-0 flex w-[min(420px,calc(100vw-2rem))] list-none flex-col gap-2 p-0" />
      </Toast.Region>
    </Portal>
  );
}
