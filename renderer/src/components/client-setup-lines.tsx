import { For } from 'solid-js';
import { useI18n } from '../i18n/i18n-context.js';
import { clientSetups } from '../lib/client-setup.js';
import { CodeBlock } from './ui/code-block.js';

/** The set-up text for Claude Code, Codex CLI and Gemini CLI with this gateway's values. */
export function ClientSetupLines(props: { endpoint: string; apiKey: string | null; model: string }) {
  const { t } = useI18n();
  const setups = () => clientSetups({ endpoint: props.endpoint, key: props.apiKey ?? t('onboarding.finish.keyPlaceholder'), model: props.model });
  return (
    <div class="flex flex-col gap-3">
      <For each={setups()}>
        {(s) => (
          <div class="flex flex-col gap-1.5" data-testid={`setup-${s.id}`}>
            <h4 class="text-[13px] font-semibold">{s.name}</h4>
            <For each={s.blocks}>
              {(b) => <CodeBlock text={b.text} caption={b.where === 'shell' ? t('onboarding.finish.shell') : t('onboarding.finish.codexFile')} />}
            </For>
          </div>
        )}
      </For>
    </div>
  );
}
