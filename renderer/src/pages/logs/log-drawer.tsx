/**
 * One request in a side drawer: what was asked and what served it, each attempt and fallback,
 * tokens, cost, timings, warnings, and the captured bodies. A modal dialog (Kobalte): focus
 * stays inside, Escape closes it and the page puts focus back on the row.
 */
import { Dialog as KDialog } from '@kobalte/core/dialog';
import { X } from 'lucide-solid';
import { For, Match, Show, Switch, createResource, type JSX } from 'solid-js';
import { Badge } from '../../components/ui/badge.js';
import { ErrorBanner } from '../../components/ui/error-banner.js';
import { useClient } from '../../client-context.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { messageOf } from '../../lib/errors.js';
import { formatDateTime } from '../../lib/format.js';
import { DASH, formatCost, formatCount, formatMs, statusTone } from '../../lib/logs-format.js';
import type { LogDetail, LogEntry } from '../../lib/logs-types.js';
import { LogAttempts } from './log-attempts.js';
import { LogBodies } from './log-bodies.js';

export function LogDrawer(props: { id: string | null; accountLabel: (id: string) => string; onClose: () => void; returnFocus: () => void }) {
  const client = useClient();
  const { t } = useI18n();
  const [detail] = createResource(
    () => props.id,
    async (id): Promise<{ value: LogDetail | null; error: string | null }> => {
      try {
        return { value: await client.call('logs.get', { id }), error: null };
      } catch (err) {
        return { value: null, error: messageOf(err) };
      }
    },
  );
  return (
    <KDialog open={props.id !== null} onOpenChange={(open) => !open && props.onClose()}>
      <KDialog.Portal>
        <KDialog.Overlay class="fixed inset-0 z-40 bg-overlay" />
        <KDialog.Content
          data-testid="log-drawer"
          // Opened from a row, not a trigger: Kobalte has nothing to give focus back to, so the page does.
          onCloseAutoFocus={(e: Event) => {
            e.preventDefault();
            props.returnFocus();
          }}
          class="fixed inset-y-0 right-0 z-40 flex w-full max-w-2xl flex-col border-l border-border bg-surface text-fg shadow-xl"
        >
          <div class="flex items-start justify-between gap-3 border-b border-border px-5 py-3">
            <KDialog.Title class="min-w-0 break-all text-base font-semibold">{t('logs.detail.title', { id: props.id ?? '' })}</KDialog.Title>
            <KDialog.CloseButton aria-label={t('common.close')} class="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg" data-testid="log-drawer-close">
              <X size={16} />
            </KDialog.CloseButton>
          </div>
          <div class="flex-1 overflow-y-auto px-5 py-4">
            <Switch fallback={<p class="text-muted">{t('logs.detail.loading')}</p>}>
              <Match when={detail()?.error}>{(error) => <ErrorBanner message={error()} />}</Match>
              <Match when={detail() && !detail.loading && detail()?.value === null}>
                <p class="text-muted">{t('logs.detail.missing')}</p>
              </Match>
              <Match when={!detail.loading && detail()?.value}>{(d) => <DetailBody detail={d()} accountLabel={props.accountLabel} />}</Match>
            </Switch>
          </div>
        </KDialog.Content>
      </KDialog.Portal>
    </KDialog>
  );
}

function DetailBody(props: { detail: LogDetail; accountLabel: (id: string) => string }) {
  const { t, tag } = useI18n();
  const e = (): LogEntry => props.detail.entry;
  const n = (v: number | null) => formatCount(tag(), v);
  const cost = () => {
    const usd = e().costUsd;
    return usd === null ? t('logs.detail.costUnknown') : formatCost(tag(), usd);
  };
  const account = () => {
    const id = e().connectionId;
    return id === null ? DASH : props.accountLabel(id);
  };
  return (
    <div class="flex flex-col gap-5" data-testid="log-detail">
      <div class="flex flex-wrap items-center gap-2">
        <Badge tone={statusTone(e().status)} testId="detail-status">
          {e().status}
        </Badge>
        <span class="font-medium">{e().requestedModel}</span>
        <Show when={e().stream}>
          <Badge>{t('logs.stream')}</Badge>
        </Show>
      </div>
      <Section title={t('logs.detail.overview')}>
        <Row label={t('logs.detail.when')}>{formatDateTime(tag(), e().ts)}</Row>
        <Row label={t('logs.detail.requestId')}>
          <code class="break-all">{e().id}</code>
        </Row>
        <Row label={t('logs.detail.requested')}>{e().requestedModel}</Row>
        <Row label={t('logs.detail.upstream')}>{e().upstreamModel ?? DASH}</Row>
        <Row label={t('logs.detail.formats')}>{`${e().clientFormat} → ${e().upstreamFormat ?? DASH}`}</Row>
        <Row label={t('logs.provider')}>{e().providerId ?? DASH}</Row>
        <Row label={t('logs.account')}>{account()}</Row>
        <Row label={t('logs.key')}>{e().keyLabel ?? t('logs.noKey')}</Row>
        <Row label={t('logs.detail.endpoint')}>{e().endpoint ?? t('logs.detail.modelCall')}</Row>
      </Section>
      <Section title={t('logs.detail.routing')}>
        <Row label={t('logs.detail.attempts')}>
          <span data-testid="detail-attempts">{n(e().attempts)}</span>
        </Row>
        <Row label={t('logs.detail.fallbacks')}>
          <span data-testid="detail-fallbacks">{n(e().fallbacks)}</span>
        </Row>
        <Row label={t('logs.detail.errorCode')}>{e().errorCode ?? t('logs.detail.none')}</Row>
      </Section>
      {/* Absent for rows logged before attempts were kept, and for requests that called no upstream. */}
      <Show when={props.detail.attemptList?.length ? props.detail.attemptList : undefined}>
        {(list) => <LogAttempts attempts={list()} omitted={props.detail.attemptsOmitted ?? 0} />}
      </Show>
      <Section title={t('logs.detail.timings')}>
        <Row label={t('logs.detail.latency')}>{formatMs(e().latencyMs)}</Row>
        <Row label={t('logs.detail.ttft')}>{formatMs(e().ttftMs)}</Row>
      </Section>
      <Section title={t('logs.detail.tokens')}>
        <Row label={t('logs.detail.input')}>{n(e().inputTokens)}</Row>
        <Row label={t('logs.detail.output')}>{n(e().outputTokens)}</Row>
        <Row label={t('logs.detail.cached')}>{n(e().cachedTokens)}</Row>
        <Row label={t('logs.detail.cacheWrite')}>{n(e().cacheWriteTokens)}</Row>
        <Row label={t('logs.detail.reasoning')}>{n(e().reasoningTokens)}</Row>
        <Show when={e().usageEstimated}>
          <p class="col-span-2 text-xs text-muted">{t('logs.detail.estimated')}</p>
        </Show>
      </Section>
      <Section title={t('logs.detail.cost')}>
        <Row label={t('logs.detail.cost')}>{cost()}</Row>
      </Section>
      <Show when={e().warnings.length > 0}>
        <Section title={t('logs.detail.warnings')}>
          <ul class="col-span-2 list-disc pl-5">
            <For each={e().warnings}>{(w) => <li>{w}</li>}</For>
          </ul>
        </Section>
      </Show>
      <section>
        <h3 class="mb-2 text-sm font-semibold">{t('logs.detail.bodies')}</h3>
        <LogBodies bodies={props.detail.bodies} />
      </section>
    </div>
  );
}

function Section(props: { title: string; children: JSX.Element }) {
  return (
    <section>
      <h3 class="mb-2 text-sm font-semibold">{props.title}</h3>
      <dl class="grid grid-cols-[minmax(0,14rem)_minmax(0,1fr)] gap-x-4 gap-y-1 text-[13px]">{props.children}</dl>
    </section>
  );
}

function Row(props: { label: string; children: JSX.Element }) {
  return (
    <>
      <dt class="text-muted">{props.label}</dt>
      <dd class="m-0 min-w-0 break-words">{props.children}</dd>
    </>
  );
}
