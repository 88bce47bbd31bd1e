import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { GatewayStatus, ProviderSummary } from '../../core/control/contract.js';
import type { ControlClient } from './api.js';

const REFRESH_MS = 5000;

interface Snapshot {
  status: GatewayStatus;
  providers: ProviderSummary[];
}

export function StatusPage(props: { client: ControlClient }) {
  const [snapshot, setSnapshot] = createSignal<Snapshot | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [copied, setCopied] = createSignal(false);
  let inFlight = false;

  async function refresh(): Promise<void> {
    if (inFlight) return;
    inFlight = true;
    try {
      const [status, providers] = await Promise.all([
        props.client.call('gateway.status', {}),
        props.client.call('providers.list', {}),
      ]);
      setSnapshot({ status, providers });
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      inFlight = false;
    }
  }

  onMount(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    const unsubscribe = props.client.onEvent(() => void refresh());
    onCleanup(() => {
      clearInterval(timer);
      unsubscribe();
    });
  });

  async function copyUrl(url: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }

  return (
    <main class="page">
      <header class="page-header">
        <h1>OmniRoute</h1>
        <Show when={snapshot()}>
          {(s) => (
            <span class="version" data-testid="version">
              v{s().status.version}
            </span>
          )}
        </Show>
      </header>

      <Show when={error()}>
        {(message) => (
          <div class="banner banner-error" role="alert">
            <span>{message()}</span>
            <button type="button" onClick={() => void refresh()}>
              Retry
            </button>
          </div>
        )}
      </Show>

      <Show when={snapshot()} fallback={<p class="muted">{error() ? '' : 'Loading…'}</p>}>
        {(s) => (
          <>
            <section class="card" aria-labelledby="gateway-heading">
              <h2 id="gateway-heading">Gateway</h2>
              <Show
                when={s().status.listening}
                fallback={
                  <p class="state state-stopped" data-testid="gateway-state">
                    Not listening
                  </p>
                }
              >
                {(listening) => (
                  <div class="endpoint">
                    <span class="state state-running" data-testid="gateway-state">
                      Listening
                    </span>
                    <code data-testid="listening-url">{listening().url}</code>
                    <button type="button" onClick={() => void copyUrl(listening().url)}>
                      {copied() ? 'Copied' : 'Copy'}
                    </button>
                  </div>
                )}
              </Show>
              <dl class="stats">
                <div>
                  <dt>Providers</dt>
                  <dd data-testid="provider-count">{s().status.providerCount}</dd>
                </div>
                <div>
                  <dt>Connections</dt>
                  <dd data-testid="connection-count">{s().status.connectionCount}</dd>
                </div>
                <div>
                  <dt>Uptime</dt>
                  <dd>{formatDuration(s().status.uptimeMs)}</dd>
                </div>
              </dl>
            </section>

            <Show when={(s().status.keyRejected ?? []).length > 0}>
              <section class="card card-attention" aria-labelledby="rejected-heading" data-testid="key-rejected">
                <h2 id="rejected-heading">Keys the provider rejected</h2>
                <p class="muted">
                  These accounts route nothing until their key is replaced (or the rejection is reset, if the provider
                  was wrong).
                </p>
                <ul class="rejected">
                  <For each={s().status.keyRejected}>
                    {(r) => (
                      <li data-testid="key-rejected-row">
                        <code>
                          {r.provider}/{r.label}
                        </code>{' '}
                        answered {r.status} {r.status === 401 ? '(key not accepted)' : '(not allowed)'} since{' '}
                        {new Date(r.since).toLocaleString()}
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>

            <section class="card" aria-labelledby="providers-heading">
              <h2 id="providers-heading">Providers</h2>
              <Show
                when={s().providers.length > 0}
                fallback={<p class="muted">No provider is configured yet.</p>}
              >
                <table class="providers">
                  <thead>
                    <tr>
                      <th scope="col">ID</th>
                      <th scope="col">Name</th>
                      <th scope="col">Format</th>
                      <th scope="col" class="num">
                        Connections
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={s().providers}>
                      {(p) => (
                        <tr data-testid="provider-row" data-provider-id={p.id}>
                          <td>
                            <code>{p.id}</code>
                          </td>
                          <td>{p.name}</td>
                          <td>{p.format}</td>
                          <td class="num">{p.connectionCount}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
            </section>
          </>
        )}
      </Show>
    </main>
  );
}

function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}
