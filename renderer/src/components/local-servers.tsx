import { Plus, RefreshCw } from 'lucide-solid';
import { For, Show } from 'solid-js';
import { useClient } from '../client-context.js';
import { useI18n } from '../i18n/i18n-context.js';
import { createActions } from '../lib/actions.js';
import type { LocalAdded, LocalDetection } from '../lib/views.js';
import { useModelCount } from './model-count.js';
import { Button } from './ui/button.js';
import { Card, CardTitle } from './ui/card.js';
import { notify } from './ui/toast.js';

/** Model names shown on a line; the rest are in its tooltip. */
const SHOWN_MODELS = 4;

/**
 * The model servers found on this computer: "Found Ollama with 4 models" and an Add button, or
 * "Ollama: connected, 4 models" once added; "Detect again" probes the ports now. The caller
 * loads the detection (so it reloads with the rest of its page) and reloads on `onChanged`.
 */
export function LocalServers(props: {
  detection: LocalDetection | undefined;
  heading: string;
  help: string;
  onAdded: (added: LocalAdded) => void;
  onChanged: () => void;
}) {
  const client = useClient();
  const { t } = useI18n();
  const modelCount = useModelCount();
  const actions = createActions();
  const servers = () => props.detection?.servers ?? [];

  const detectAgain = async () => {
    if (await actions.run(() => client.call('local.detect', {}))) props.onChanged();
  };
  const add = async (provider: string, name: string) => {
    const added = await actions.run(() => client.call('local.add', { provider }));
    if (!added) return;
    notify('success', t('local.added', { name, models: modelCount(added.models.length) }), t('common.close'));
    props.onAdded(added);
    props.onChanged();
  };

  return (
    <Card data-testid="local-servers" aria-labelledby="local-servers-heading">
      <CardTitle
        id="local-servers-heading"
        actions={
          <Button size="sm" onClick={() => void detectAgain()} disabled={actions.busy()} data-testid="local-detect">
            <RefreshCw size={13} />
            {actions.busy() ? t('local.detecting') : t('local.detectAgain')}
          </Button>
        }
      >
        {props.heading}
      </CardTitle>
      <p class="mb-3 text-muted">{props.help}</p>
      <Show when={props.detection}>
        <Show when={servers().length > 0} fallback={<p class="text-muted" data-testid="local-none">{t('local.none')}</p>}>
          <ul class="m-0 flex list-none flex-col gap-2 p-0">
            <For each={servers()}>
              {(s) => {
                const models = () => modelCount(s.models.length);
                const names = () => s.models.slice(0, SHOWN_MODELS).join(', ') + (s.models.length > SHOWN_MODELS ? ', …' : '');
                return (
                  <li
                    class="flex flex-wrap items-center justify-between gap-2 rounded-md border border-border p-3"
                    data-testid="local-server"
                    data-provider-id={s.provider}
                    data-connected={s.connection ? 'true' : 'false'}
                  >
                    <div class="min-w-0">
                      <div class="font-medium" classList={{ 'text-ok': s.connection !== null }} data-testid="local-server-text">
                        {s.connection ? t('local.connected', { name: s.name, models: models() }) : t('local.found', { name: s.name, models: models() })}
                      </div>
                      <div class="flex flex-wrap gap-x-3 text-xs text-muted">
                        <code>{s.baseUrl}</code>
                        <Show when={s.version}>{(v) => <span>{t('local.version', { version: v() })}</span>}</Show>
                        <Show when={s.models.length > 0}>
                          <span class="truncate" title={s.models.join(', ')}>
                            {names()}
                          </span>
                        </Show>
                      </div>
                    </div>
                    <Show when={!s.connection}>
                      <Button
                        size="sm"
                        variant="primary"
                        onClick={() => void add(s.provider, s.name)}
                        disabled={actions.busy()}
                        aria-label={t('local.addLabel', { name: s.name })}
                        data-testid="local-add"
                      >
                        <Plus size={13} />
                        {t('common.add')}
                      </Button>
                    </Show>
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </Show>
    </Card>
  );
}
