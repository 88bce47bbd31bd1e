/**
 * The captured bodies of one request, in pipeline order, as text: JSON pretty-printed, the
 * rest verbatim. Solid sets them as text nodes, so a `<script>` in a prompt shows as those
 * characters and never runs.
 */
import { For, Show } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { CopyButton } from '../../components/ui/copy-button.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { BODY_ORDER, prettyBody } from '../../lib/logs-body.js';
import type { LogBody } from '../../lib/logs-types.js';

export function LogBodies(props: { bodies: readonly LogBody[] }) {
  const { t } = useI18n();
  const ordered = () => [...props.bodies].sort((a, b) => BODY_ORDER.indexOf(a.kind) - BODY_ORDER.indexOf(b.kind));
  return (
    <Show when={props.bodies.length > 0} fallback={<p class="text-muted" data-testid="no-bodies">{t('logs.detail.noBodies')}</p>}>
      <div class="flex flex-col gap-4">
        <For each={ordered()}>
          {(body) => {
            const shown = prettyBody(body.body);
            const headingId = `body-${body.kind}`;
            return (
              <section aria-labelledby={headingId} data-testid="log-body" data-kind={body.kind}>
                <div class="mb-1.5 flex flex-wrap items-center justify-between gap-2">
                  <h4 id={headingId} class="text-[13px] font-semibold">
                    {t(`logs.detail.kinds.${body.kind}`)}
                  </h4>
                  <div class="flex items-center gap-2">
                    <Show when={body.truncated}>
                      <Badge tone="warn">{t('logs.detail.truncated')}</Badge>
                    </Show>
                    <CopyButton text={body.body} />
                  </div>
                </div>
                <pre
                  tabindex="0"
                  aria-labelledby={headingId}
                  data-shape={shown.shape}
                  class="max-h-80 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] rounded-md border border-border bg-surface-2 p-2 text-xs leading-relaxed"
                >
                  {shown.text}
                </pre>
              </section>
            );
          }}
        </For>
      </div>
    </Show>
  );
}
