import { Check, Copy } from 'lucide-solid';
import { createSignal } from 'solid-js';
import { useI18n } from '../../i18n/i18n-context.js';
import { Button } from './button.js';

/** Copies text to the clipboard, with a short "Copied" confirmation. */
export function CopyButton(props: { text: string; label?: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard refused (no permission, or not a secure context): select it by hand instead.
      setCopied(false);
    }
  };
  return (
    <Button size="sm" onClick={() => void copy()} data-testid={props.testId} aria-live="polite">
      {copied() ? <Check size={14} /> : <Copy size={14} />}
      {copied() ? t('common.copied') : (props.label ?? t('common.copy'))}
    </Button>
  );
}
