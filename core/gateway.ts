import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createControlApi } from './control/handlers.js';
import { CONTROL_EVENT_NAMES } from './control/contract.js';
import type { ControlApi, ControlEvents, GatewayStatus, ProviderSummary } from './control/contract.js';
import { customProviderSchema, loadConfigFile } from './config/index.js';
import type { GatewayConfig } from './config/index.js';
import type { RequestRecord } from './pipeline/request-record.js';
import { BUILTIN_PROVIDERS } from './providers/builtin.js';
import { customProvider } from './providers/custom.js';
import type { ProviderDescriptor } from './providers/types.js';
import { buildRouteTable } from './routing/route-table.js';
import { createProber } from './routing/prober.js';
import { createRouter } from './routing/router.js';
import { createRoutingState } from './routing/routing-state.js';
import { createRoutingPersister } from './routing/routing-persister.js';
import type { RouteTable, RuntimeConnection } from './routing/route-table.js';
import { createSecretStore } from './secrets/index.js';
import type { SecretStore } from './secrets/index.js';
import { createKeyCheck } from './server/gateway-keys.js';
import { createHostCheck, LOOPBACK_HOSTS } from './server/host-check.js';
import { IdempotencyCache } from './server/idempotency.js';
import { createGatewayServer } from './server/http-server.js';
import { createStaticFiles } from './server/static-files.js';
import { openStore } from './store/index.js';
import type { Store } from './store/index.js';
import { createUpstreamClient, DEFAULT_TIMEOUTS } from './upstream/client.js';
import type { UpstreamTimeouts } from './upstream/client.js';
import { GATEWAY_VERSION } from './version.js';
import { syncConfig } from './config-sync.js';

export const DEFAULT_PORT = 20128;
export const DEFAULT_HOST = '127.0.0.1';
/** How often due cooldown probes are looked for; the probes themselves follow their own schedule. */
const PROBE_INTERVAL_MS = 30_000;
export const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;
/** Long enough for a client retry after a dropped connection, short enough not to answer a deliberate "regenerate". */
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 3_000;

export interface GatewayOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Declarative YAML/JSON config (providers, connections, server settings). */
  configPath?: string;
  /** The built dashboard (dist/renderer); served at / when given. */
  rendererDir?: string;
  env?: NodeJS.ProcessEnv;
  /** The desktop shell passes its own; headless picks keychain or the encrypted file. */
  secrets?: SecretStore;
  clock?: () => number;
  upstreamTimeouts?: Partial<UpstreamTimeouts>;
}

export interface Listening {
  host: string;
  port: number;
  url: string;
}

export interface Gateway {
  start(): Promise<Listening>;
  stop(): Promise<void>;
  control: ControlApi;
  events: EventEmitter<{ [K in keyof ControlEvents]: [ControlEvents[K]] }>;
  store: Store;
  /** Runs the probes that are due now (the gateway also runs them on a timer). */
  probe(): Promise<number>;
}

/** A start-up problem the user can fix; its message says how. */
export class GatewayStartError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'GatewayStartError';
  }
}

async function loadRuntime(store: Store, secrets: SecretStore): Promise<{ providers: ProviderDescriptor[]; connections: RuntimeConnection[] }> {
  const providers: ProviderDescriptor[] = Object.values(BUILTIN_PROVIDERS);
  for (const row of await store.providers.list()) {
    // Stored rows were validated when written; a row that no longer parses (an older or
    // hand-edited database) is skipped rather than trusted.
    const parsed = customProviderSchema.safeParse(row.descriptor);
    if (parsed.success) providers.push(customProvider(parsed.data));
    else process.emitWarning(`omniroute: ignoring stored custom provider "${row.id}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const connections: RuntimeConnection[] = [];
  for (const row of await store.connections.list()) {
    const apiKey = row.secretRef ? await secrets.get(row.secretRef) : null;
    if (!apiKey) continue;
    connections.push({
      id: row.id,
      providerId: row.providerId,
      label: row.label,
      priority: row.priority,
      enabled: row.enabled,
      ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
      apiKey,
    });
  }
  return { providers, connections };
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? Date.now;
  let config: GatewayConfig | undefined;
  if (opts.configPath) {
    const loaded = await loadConfigFile(opts.configPath, { env, builtinProviderIds: Object.keys(BUILTIN_PROVIDERS) });
    if (!loaded.ok) throw new GatewayStartError(`The config file ${opts.configPath} has errors:`, loaded.errors);
    config = loaded.config;
  }
  const host = opts.host ?? config?.server?.host ?? DEFAULT_HOST;
  const port = opts.port ?? config?.server?.port ?? DEFAULT_PORT;

  if (!LOOPBACK_HOSTS.includes(host) && (config?.server?.apiKeys ?? []).length === 0) {
    throw new GatewayStartError(
      `Listening on ${host} would let other machines use your provider accounts. Set server.apiKeys in the config file first, or listen on 127.0.0.1.`,
    );
  }
  const store = await openStore({ dataDir: opts.dataDir });
  const secrets = opts.secrets ?? (await createSecretStore({ dataDir: opts.dataDir, env }));
  if (config) await syncConfig({ config, store, secrets });

  const runtime = await loadRuntime(store, secrets);
  const routingInput = {
    combos: config?.combos ?? [],
    aliases: config?.aliases ?? {},
    disabledProviders: config?.routing?.disabledProviders ?? [],
  };
  const table: RouteTable = buildRouteTable(runtime.providers, runtime.connections, routingInput);
  const routingState = createRoutingState({
    now: clock,
    ...(config?.routing?.breaker ? { breaker: config.routing.breaker } : {}),
    ...(config?.routing?.reprobeAfterMs ? { cooldowns: { reprobeAfterMs: config.routing.reprobeAfterMs } } : {}),
  });
  const storedRouting = await store.routingState.loadAll();
  routingState.restore(storedRouting, clock());
  const upstream = createUpstreamClient({ ...DEFAULT_TIMEOUTS, ...opts.upstreamTimeouts });
  const prober = createProber({ table: () => table, state: routingState, upstream, now: clock });
  let stopProber: (() => void) | undefined;
  const router = createRouter({
    table: () => table,
    state: routingState,
    settings: config?.routing ?? {},
    limits: config?.limits ?? [],
    now: clock,
    random: Math.random,
  });
  router.restoreLearnedLimits(storedRouting.filter((r) => r.kind === 'limit'));
  const persistRouting = createRoutingPersister(store, routingState, { snapshot: router.learnedLimits, onChange: router.onLearnedLimitsChange });
  const events: Gateway['events'] = new EventEmitter();
  const startedAt = clock();
  let listening: Listening | null = null;

  const getStatus = (): GatewayStatus => ({
    version: GATEWAY_VERSION,
    listening,
    providerCount: table.connections.size,
    connectionCount: runtime.connections.filter((c) => c.enabled).length,
    uptimeMs: clock() - startedAt,
  });
  const listProviders = (): ProviderSummary[] =>
    runtime.providers
      .filter((p) => table.connections.has(p.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        format: p.format,
        tier: p.tier,
        connectionCount: table.connections.get(p.id)?.length ?? 0,
        modelCount: p.models.length,
      }));
  const control = createControlApi({
    getStatus,
    listProviders,
    routingStatus: () => ({ cooldowns: routingState.cooldowns(), breakers: routingState.breakers(), limits: router.learnedLimits() }),
    resetRouting: (input) => {
      if ('key' in input) return routingState.reset(input.key);
      if ('connectionId' in input) return routingState.resetConnection(input.connectionId);
      let any = false;
      for (const c of routingState.cooldowns()) any = routingState.reset(c.key) || any;
      for (const b of routingState.breakers()) any = routingState.reset(b.key) || any;
      return any;
    },
  });

  const logRequests = config?.server?.requestLog ?? true;
  const onFinished = (record: RequestRecord) => {
    if (logRequests) store.requestLog.write({
      id: record.id,
      ts: record.ts,
      clientFormat: record.clientFormat,
      requestedModel: record.requestedModel,
      providerId: record.providerId,
      connectionId: record.connectionId,
      upstreamModel: record.upstreamModel,
      upstreamFormat: record.upstreamFormat,
      stream: record.stream,
      status: record.status,
      latencyMs: record.latencyMs,
      ttftMs: record.ttftMs,
      inputTokens: record.usage?.inputTokens,
      outputTokens: record.usage?.outputTokens,
      cachedTokens: record.usage?.cachedInputTokens,
      reasoningTokens: record.usage?.reasoningTokens,
      errorCode: record.errorCode,
      attempts: record.attempts,
      fallbacks: record.fallbacks,
    });
    if (events.listenerCount('request.finished') > 0) {
      events.emit('request.finished', {
        requestId: record.id,
        clientFormat: record.clientFormat,
        model: record.requestedModel,
        provider: record.providerId ?? null,
        status: record.status,
        latencyMs: record.latencyMs,
      });
    }
  };

  const server: Server = createGatewayServer({
    routeTable: () => table,
    chat: {
      router,
      upstream,
      now: clock,
      onFinished,
      policy: {
        ...(config?.routing?.systemPrompt ? { systemPrompt: config.routing.systemPrompt } : {}),
        ...(config?.routing?.thinking ? { thinking: config.routing.thinking } : {}),
      },
      ...(config?.routing?.backgroundModel ? { backgroundModel: config.routing.backgroundModel } : {}),
    },
    isAllowedHost: createHostCheck(config?.server?.allowedHosts ?? []),
    checkKey: createKeyCheck(config?.server?.apiKeys ?? []),
    bodyLimitBytes: config?.server?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    control,
    subscribe: (listener) => {
      const handlers = CONTROL_EVENT_NAMES.map((name) => {
        const handler = (payload: ControlEvents[typeof name]) => listener(name, payload);
        events.on(name, handler);
        return () => events.off(name, handler);
      });
      return () => handlers.forEach((off) => off());
    },
    ...(opts.rendererDir ? { staticFiles: createStaticFiles(opts.rendererDir) } : {}),
    health: () => ({ version: GATEWAY_VERSION, uptimeMs: clock() - startedAt }),
    ...((config?.routing?.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS) > 0
      ? { idempotency: new IdempotencyCache(config?.routing?.idempotencyWindowMs ?? DEFAULT_IDEMPOTENCY_WINDOW_MS, clock) }
      : {}),
  });

  return {
    control,
    events,
    store,
    probe: () => prober.tick(),
    async start() {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => {
          server.off('listening', onListening);
          if (err.code === 'EADDRINUSE') {
            reject(new GatewayStartError(`Port ${port} on ${host} is already in use. Stop the program using it, or start the gateway with another --port.`));
          } else if (err.code === 'EACCES') {
            reject(new GatewayStartError(`Not allowed to listen on ${host}:${port}. Choose a port above 1024.`));
          } else reject(err);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, host);
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      listening = { host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` };
      stopProber = prober.start(PROBE_INTERVAL_MS);
      return listening;
    },
    async stop() {
      stopProber?.();
      if (listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        listening = null;
      }
      await upstream.close();
      await persistRouting.flush();
      await store.close();
    },
  };
}

