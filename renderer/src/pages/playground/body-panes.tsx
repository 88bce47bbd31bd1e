import { For, Show, createMemo } from 'solid-js';
import { Card } from '../../components/ui/card.js';
import { CopyButton } from '../../components/ui/copy-button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { prettyBody } from '../../lib/playground-pretty.js';
import type { PlaygroundResult } from '../../lib/playground-run.js';

type PaneKey = 'upstreamRequest' | 'upstreamResponse' | 'clientResponse';
const PANES: readonly PaneKey[] = ['upstreamRequest', 'upstreamResponse', 'clientResponse'];

/**
 * The three bodies side by side: what the gateway sent upstream, the upstream's answer as it
 * came, and the answer translated into the client's format. Bodies come from providers and
 * models: they are shown as text only.
 */
export function BodyPanes(props: { result: PlaygroundResult | null }) {
  const { t } = useI18n();
  return (
    <div class="flex flex-col gap-2">
      <div class="grid grid-cols-1 gap-3 xl:grid-cols-3">
        <For each={PANES}>{(key) => <Pane which={key} result={props.result} />}</For>
      </div>
      <p class="text-xs text-muted">{t('playground.redactedNote')}</p>
    </div>
  );
}

function Pane(props: { which: PaneKey; result: PlaygroundResult | null }) {
  const { t } = useI18n();
  const captured = () => props.result?.[props.which] ?? null;
  const text = createMemo(() => {
    const body = captured();
    return body ? prettyBody(body.body) : '';
  });
  const titleId = `playground-pane-${props.which}`;
  return (
    <Card class="flex min-w-0 flex-col" aria-labelledby={titleId}>
      <div class="mb-2 flex items-center justify-between gap-2">
        <h2 id={titleId} class="text-[14px] font-semibold">
          {t(`playground.panes.${props.which}`)}
        </h2>
        <Show when={text()}>
          <CopyButton text={text()} />
        </Show>
      </div>
      <Show
        when={captured()}
        fallback={<p class="text-[13px] text-muted">{props.result ? t('playground.paneNone') : t('playground.paneEmpty')}</p>}
      >
        <pre
          class="max-h-[28rem] min-h-24 overflow-auto whitespace-pre-wrap break-all rounded-md border border-border bg-surface-2 px-3 py-2 font-mono text-[12px] leading-snug"
          data-testid={`playground-pane-${props.which}`}
          tabindex="0"
          aria-labelledby={titleId}
        >
          {text()}
        </pre>
        <Show when={captured()?.truncated}>
          <p class="mt-1 text-xs text-warn">{t('playground.truncated')}</p>
        </Show>
      </Show>
    </Card>
  );
}
