import { Dialog as KDialog } from '@kobalte/core/dialog';
import { X } from 'lucide-solid';
import { Show, type JSX, type ParentProps } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';

/** A modal dialog; Kobalte traps focus inside it and gives it back to the opener on close. */
export function Dialog(
  props: ParentProps<{
    open: boolean;
    onOpenChange: (open: boolean) => void;
    title: string;
    description?: string;
    footer?: JSX.Element;
    size?: 'md' | 'lg';
    testId?: string;
  }>,
) {
  const { t } = useI18n();
  return (
    <KDialog open={props.open} onOpenChange={props.onOpenChange}>
      <KDialog.Portal>
        <KDialog.Overlay class="fixed inset-0 z-40 bg-overlay" />
        <div class="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto p-4 sm:items-center">
          <KDialog.Content
            data-testid={props.testId}
            class={`w-full ${props.size === 'lg' ? 'max-w-2xl' : 'max-w-lg'} rounded-lg border border-border bg-surface text-fg shadow-xl`}
          >
            <div class="flex items-start justify-between gap-3 border-b border-border px-5 py-3">
              <div>
                <KDialog.Title class="text-base font-semibold">{props.title}</KDialog.Title>
                <Show when={props.description}>
                  <KDialog.Description class="mt-0.5 text-[13px] text-muted">{props.description}</KDialog.Description>
                </Show>
              </div>
              <KDialog.CloseButton aria-label={t('common.close')} class="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg">
                <X size={16} />
              </KDialog.CloseButton>
            </div>
            <div class="flex flex-col gap-4 px-5 py-4">{props.children}</div>
            <Show when={props.footer}>
              <div class="flex flex-wrap justify-end gap-2 border-t border-border px-5 py-3">{props.footer}</div>
            </Show>
          </KDialog.Content>
        </div>
      </KDialog.Portal>
    </KDialog>
  );
}
