/**
 * Local model servers as zero-key providers: the ports are probed at start (in the
 * background), on demand and every minute; a found server is added as a connection in one
 * step; the model lists of connected ones are read live (live-models.ts).
 */
import { AdminRefusal } from '../accounts/admin-refusal.js';
import type { ConnectionAdmin } from '../accounts/connection-admin.js';
import type { LocalAdded, LocalDetection, LocalServerView } from '../control/local-contract.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { ConnectionRow, Store } from '../store/index.js';
import { detectLocalServers, type DetectOptions, type FoundServer } from './detect-local.js';
import { refreshLiveModels } from './live-models.js';
import { sameServer } from './same-server.js';

/** Often enough that a model pulled a minute ago is listed, rarely enough to cost nothing. */
export const LOCAL_REFRESH_MS = 60_000;

export interface LocalServersDeps {
  store: Pick<Store, 'connections' | 'settings'>;
  connections: Pick<ConnectionAdmin, 'create'>;
  /** The providers routing knows now. */
  providers(): readonly ProviderDescriptor[];
  /** Rebuilds the route table after a stored model list changed. */
  reload(): Promise<void>;
  now(): number;
  /** Where to look (tests); default each provider's own port on 127.0.0.1. */
  detect?: Omit<DetectOptions, 'providers'> | undefined;
  refreshEveryMs?: number;
}

export interface LocalServers {
  /** Probes the ports now, or (cached) gives the last result; either way connected servers' lists are read. */
  detect(opts?: { cached?: boolean | undefined }): Promise<LocalDetection>;
  /** Adds a found server as a connection with no key; refused when it does not answer or is already added. */
  add(input: { provider: string; label?: string | undefined }, actor: string): Promise<LocalAdded>;
  /** Reads the live model lists of connected local providers now. */
  refreshModels(): Promise<void>;
  /** Detection in the background, then again every minute; never delays the caller. */
  start(): void;
  /** Stops the timer and waits for a detection in flight. */
  stop(): Promise<void>;
}

export function createLocalServers(deps: LocalServersDeps): LocalServers {
  let last: { found: FoundServer[]; at: number } | undefined;
  let detecting: Promise<{ found: FoundServer[]; at: number }> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const localProviders = () => deps.providers().filter((p) => p.local);

  // One read at a time, each after the one before: a read that began before a connection was
  // added would miss it, so a later request is never folded into an earlier run.
  let queue: Promise<void> = Promise.resolve();
  const refresh = (known?: readonly FoundServer[]): Promise<void> => {
    const run = queue.then(async () => {
      const changed = await refreshLiveModels({
        providers: localProviders(),
        connections: await deps.store.connections.list(),
        settings: deps.store.settings,
        ...(known ? { known } : {}),
        now: deps.now,
      });
      // After stop() the store is closing: nothing is rebuilt any more.
      if (changed && !stopped) await deps.reload();
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const runDetection = (): Promise<{ found: FoundServer[]; at: number }> => {
    detecting ??= (async () => {
      try {
        const found = await detectLocalServers({ ...deps.detect, providers: localProviders() });
        last = { found, at: deps.now() };
        if (!stopped) await refresh(found);
        return last;
      } finally {
        detecting = undefined;
      }
    })();
    return detecting;
  };

  const view = (found: FoundServer, rows: readonly ConnectionRow[]): LocalServerView => {
    const provider = deps.providers().find((p) => p.id === found.providerId);
    const row = rows.find((c) => c.providerId === found.providerId && sameServer(c.baseUrl ?? provider?.baseUrl ?? '', found.baseUrl));
    return {
      provider: found.providerId,
      name: found.name,
      baseUrl: found.baseUrl,
      models: found.models,
      version: found.version ?? null,
      connection: row ? { id: row.id, label: row.label } : null,
    };
  };

  const background = (): void => {
    runDetection().catch((error: unknown) => {
      if (!stopped) process.emitWarning(`omniroute: detecting local model servers failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  return {
    async detect(opts = {}) {
      const result = opts.cached ? (detecting ? await detecting : (last ?? (await runDetection()))) : await runDetection();
      const rows = await deps.store.connections.list();
      const order = localProviders().map((p) => p.id);
      const sorted = [...result.found].sort((a, b) => order.indexOf(a.providerId) - order.indexOf(b.providerId));
      return { servers: sorted.map((f) => view(f, rows)), detectedAt: result.at };
    },

    async add(input, actor) {
      const provider = localProviders().find((p) => p.id === input.provider);
      if (!provider) throw new AdminRefusal(`"${input.provider}" is not a local model server. Add an account with its key instead.`);
      const [found] = await detectLocalServers({ ...deps.detect, providers: [provider] });
      if (!found) throw new AdminRefusal(`${provider.name} does not answer on this computer. Start it, then detect again.`);
      const rows = await deps.store.connections.list();
      const existing = view(found, rows).connection;
      if (existing) throw new AdminRefusal(`${provider.name} at ${found.baseUrl} is already connected as "${existing.label}".`);
      const taken = new Set(rows.filter((c) => c.providerId === provider.id).map((c) => c.label));
      let label = input.label ?? 'local';
      for (let n = 2; input.label === undefined && taken.has(label); n++) label = `local-${n}`;
      const connection = await deps.connections.create({ provider: provider.id, label, baseUrl: found.baseUrl }, actor);
      const others = (last?.found ?? []).filter((f) => f.providerId !== found.providerId);
      last = { found: [...others, found], at: last?.at ?? deps.now() };
      await refresh([found]);
      return { connection, models: found.models };
    },

    refreshModels: () => refresh(),

    start() {
      stopped = false;
      background();
      timer = setInterval(background, deps.refreshEveryMs ?? LOCAL_REFRESH_MS);
      // A background chore: it never keeps the process alive by itself.
      timer.unref();
    },

    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([detecting, queue]);
    },
  };
}
