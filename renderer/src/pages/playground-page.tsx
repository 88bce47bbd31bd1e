/**
 * The Playground: one request in any client format to any model or combo, through the
 * gateway's own routing and translation (control method playground.send), its text streamed
 * in from `playground.progress` events, then the three bodies and the attempts side by side.
 */
import { createEffect, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { useClient } from '../client-context.js';
import { ErrorBanner } from '../components/ui/error-banner.js';
import { PageHeader } from '../components/ui/page-header.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { WireFormat } from '../lib/contract-lists.js';
import { messageOf } from '../lib/errors.js';
import { createLoader } from '../lib/loader.js';
import { parseBody } from '../lib/playground-body.js';
import { initialChoice, modelChoices } from '../lib/playground-models.js';
import { applyProgress, isRunning, newRunId, refusedRun, startedRun, type RunView } from '../lib/playground-run.js';
import { bodyAfterFormatChange, sampleText } from '../lib/playground-samples.js';
import { AnswerCard } from './playground/answer-card.js';
import { AttemptsCard } from './playground/attempts-card.js';
import { BodyPanes } from './playground/body-panes.js';
import { RequestCard, type RequestDraft } from './playground/request-card.js';

export function PlaygroundPage() {
  const client = useClient();
  const { t } = useI18n();
  // Not live: every streamed delta is an event, and the targets do not change with them.
  const targets = createLoader(async () => {
    const [catalogue, combos, aliases] = await Promise.all([
      client.call('providers.catalogue', {}),
      client.call('combos.list', {}),
      client.call('aliases.list', {}),
    ]);
    return modelChoices(catalogue, combos, aliases);
  });
  const choices = () => targets.data() ?? [];

  const [draft, setDraft] = createSignal<RequestDraft>({ format: 'openai-chat', model: null, stream: true, text: sampleText('openai-chat') });
  const parsed = createMemo(() => parseBody(draft().text));
  const [run, setRun] = createSignal<RunView | null>(null);
  const update = (patch: Partial<RequestDraft>) => setDraft((d) => ({ ...d, ...patch }));

  // The first target once they load, and again if the picked one disappears.
  createEffect(() => {
    const list = choices();
    const current = draft().model;
    const next = initialChoice(list, current);
    if (next !== current && targets.data() !== undefined) update({ model: next });
  });

  onMount(() => {
    const off = client.onEvent((event) => {
      if (event.name !== 'playground.progress') return;
      setRun((current) => (current ? applyProgress(current, event.payload) : current));
    });
    onCleanup(() => {
      off();
      // Nobody is left to watch a run still going: stop it rather than let it spend tokens.
      const current = run();
      if (current && isRunning(current)) void client.call('playground.cancel', { runId: current.runId }).catch(() => undefined);
    });
  });

  const send = async () => {
    const body = parsed();
    const { format, model, stream } = draft();
    if (!body.ok || !model) return;
    const runId = newRunId();
    // Listening before asking: over HTTP the first delta may come before the answer to this call.
    setRun(startedRun(runId));
    try {
      await client.call('playground.send', { runId, format, model, stream, body: body.body });
    } catch (err) {
      setRun((current) => (current?.runId === runId ? refusedRun(current, messageOf(err)) : current));
    }
  };

  const stop = () => {
    const current = run();
    if (current) void client.call('playground.cancel', { runId: current.runId }).catch(() => undefined);
  };

  const changeFormat = (format: WireFormat) => {
    const d = draft();
    update({ format, text: bodyAfterFormatChange(d.text, d.format, format) });
  };

  return (
    <>
      <PageHeader title={t('playground.title')} description={t('playground.description')} />
      <ErrorBanner message={targets.error()} onRetry={() => void targets.refetch()} />
      <div class="flex flex-col gap-4">
        <div class="grid grid-cols-1 gap-4 2xl:grid-cols-2">
          <RequestCard
            draft={draft()}
            parsed={parsed()}
            choices={choices()}
            loaded={targets.data() !== undefined}
            running={isRunning(run())}
            isSample={draft().text === sampleText(draft().format)}
            onFormat={changeFormat}
            onChange={update}
            onResetBody={() => update({ text: sampleText(draft().format) })}
            onSend={() => void send()}
            onStop={stop}
          />
          <AnswerCard run={run()} />
        </div>
        <AttemptsCard attempts={run()?.result?.attempts ?? null} />
        <BodyPanes result={run()?.result ?? null} />
      </div>
    </>
  );
}
