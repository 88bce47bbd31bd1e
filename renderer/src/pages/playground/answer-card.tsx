import { For, Show } from 'solid-js';
import { Badge, type BadgeTone } from '../../components/ui/badge.js';
import { Card, CardTitle } from '../../components/ui/card.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { PlaygroundResult, RunView } from '../../lib/playground-run.js';

/** The answer's text as it streams in, then what the run cost and where it went. */
export function AnswerCard(props: { run: RunView | null }) {
  const { t } = useI18n();
  const phaseTone = (run: RunView): BadgeTone => {
    if (run.phase === 'failed') return 'bad';
    if (run.phase !== 'done') return 'accent';
    return (run.result?.status ?? 0) < 400 ? 'ok' : 'bad';
  };
  return (
    <Card aria-labelledby="playground-answer-title">
      <CardTitle
        id="playground-answer-title"
        actions={
          <Show when={props.run}>
            {(run) => (
              <Badge tone={phaseTone(run())} testId="playground-phase">
                {t(`playground.phase.${run().phase}`)}
              </Badge>
            )}
          </Show>
        }
      >
        {t('playground.answer')}
      </CardTitle>
      <Show when={props.run} fallback={<p class="text-[13px] text-muted">{t('playground.idle')}</p>}>
        {(run) => (
          <div class="flex flex-col gap-3">
            <Show when={run().error}>
              {(error) => (
                <p role="alert" class="whitespace-pre-wrap break-words rounded-md border border-bad bg-bad-soft px-3 py-2 text-[13px] text-bad" data-testid="playground-error">
                  {error()}
                </p>
              )}
            </Show>
            <Show when={run().thinking}>
              <details class="rounded-md border border-border bg-surface-2 px-3 py-2">
                <summary class="cursor-pointer text-[13px] font-medium">{t('playground.thinking')}</summary>
                <p class="mt-2 whitespace-pre-wrap break-words text-[13px] text-muted" data-testid="playground-thinking">
                  {run().thinking}
                </p>
              </details>
            </Show>
            {/* Model output is text: Solid sets it as a text node, so markup in it stays inert. */}
            <p
              class="min-h-16 whitespace-pre-wrap break-words rounded-md border border-border bg-surface-2 px-3 py-2 text-[14px] leading-relaxed"
              data-testid="playground-output"
              data-phase={run().phase}
              aria-live="polite"
            >
              {run().text}
            </p>
            <Show when={run().phase === 'done' && run().text === '' && !run().error}>
              <p class="text-[13px] text-muted">{t('playground.noText')}</p>
            </Show>
            <Show when={run().result?.textTruncated}>
              <p class="text-[13px] text-warn">{t('playground.textCut')}</p>
            </Show>
            <Show when={run().result}>{(result) => <Summary result={result()} />}</Show>
          </div>
        )}
      </Show>
    </Card>
  );
}

function Summary(props: { result: PlaygroundResult }) {
  const { t } = useI18n();
  const r = () => props.result;
  const route = () => (r().provider ? `${r().provider}/${r().upstreamModel ?? ''}` : null);
  return (
    <div class="flex flex-col gap-2">
      <div class="flex flex-wrap items-center gap-2 text-[13px]" data-testid="playground-summary">
        <Badge tone={r().status < 400 ? 'ok' : 'bad'} testId="playground-status">
          {r().status === 499 ? t('playground.stopped') : t('playground.status', { status: String(r().status) })}
        </Badge>
        <span>{t('playground.latency', { ms: String(r().latencyMs) })}</span>
        <Show when={r().ttftMs !== null}>
          <span class="text-muted">{t('playground.ttft', { ms: String(r().ttftMs) })}</span>
        </Show>
        <Show when={r().usage}>
          {(usage) => (
            <span class="text-muted">
              {t(usage().estimated ? 'playground.tokensEstimated' : 'playground.tokens', { input: String(usage().inputTokens), output: String(usage().outputTokens) })}
            </span>
          )}
        </Show>
        <Show when={r().costUsd !== null && r().costUsd !== undefined}>
          <span class="text-muted">{t('playground.cost', { usd: (r().costUsd ?? 0).toFixed(6) })}</span>
        </Show>
        <Show when={route()}>{(target) => <span class="text-muted">{t('playground.routedTo', { target: target() })}</span>}</Show>
        <span class="font-mono text-xs text-muted">{t('playground.requestId', { id: r().requestId })}</span>
      </div>
      <Show when={r().warnings.length > 0}>
        <div class="text-[13px]">
          <p class="font-medium">{t('playground.warnings')}</p>
          <ul class="ml-5 list-disc text-muted">
            <For each={r().warnings}>{(w) => <li>{w}</li>}</For>
          </ul>
        </div>
      </Show>
    </div>
  );
}
