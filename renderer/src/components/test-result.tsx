import { CircleCheck, CircleX } from 'lucide-solid';
import { For, Show } from 'solid-js';
import type { ConnectionTestResult } from '../lib/views.js';
import { useI18n } from '../i18n/i18n-context.js';

const SHOWN_MODELS = 24;

/** An account test's outcome; the provider's own words are shown as plain text. */
export function TestResult(props: { result: ConnectionTestResult }) {
  const { t } = useI18n();
  const models = () => props.result.models ?? [];
  return (
    <div
      data-testid="test-result"
      data-ok={props.result.ok ? 'true' : 'false'}
      class="flex flex-col gap-2 rounded-md border p-3 text-[13px]"
      classList={{ 'border-ok bg-ok-soft': props.result.ok, 'border-bad bg-bad-soft': !props.result.ok }}
    >
      <p class="flex items-center gap-2 font-medium" classList={{ 'text-ok': props.result.ok, 'text-bad': !props.result.ok }}>
        <Show when={props.result.ok} fallback={<CircleX size={16} />}>
          <CircleCheck size={16} />
        </Show>
        {props.result.ok ? t('onboarding.account.testOk', { ms: Math.round(props.result.latencyMs) }) : t('onboarding.account.testFailed')}
        <Show when={props.result.status !== null}>
          <span class="font-normal">· {t('onboarding.account.testStatus', { status: props.result.status ?? '' })}</span>
        </Show>
      </p>
      <Show when={props.result.message}>
        <p data-testid="test-message" class="whitespace-pre-wrap break-words text-fg">
          {props.result.message}
        </p>
      </Show>
      <Show when={models().length > 0}>
        <div>
          <p class="mb-1 text-xs text-muted">{t('onboarding.account.modelsSeen', { count: models().length })}</p>
          <ul class="m-0 flex list-none flex-wrap gap-1 p-0" data-testid="test-models">
            <For each={models().slice(0, SHOWN_MODELS)}>
              {(m) => <li class="rounded bg-surface px-1.5 py-0.5 font-mono text-xs text-fg">{m}</li>}
            </For>
            <Show when={models().length > SHOWN_MODELS}>
              <li class="px-1.5 py-0.5 text-xs text-muted">+{models().length - SHOWN_MODELS}</li>
            </Show>
          </ul>
        </div>
      </Show>
    </div>
  );
}
