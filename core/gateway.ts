import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import { createControlApi } from './control/handlers.js';
import type { ControlApi, ControlEvents, GatewayStatus, ProviderSummary } from './control/contract.js';
import { loadConfigFile } from './config/index.js';
import type { GatewayConfig } from './config/index.js';
import { toLogEntry } from './pipeline/request-record.js';
import type { RequestRecord } from './pipeline/request-record.js';
import { BUILTIN_PROVIDERS, LOCAL_PROVIDER_IDS } from './providers/builtin.js';
import { buildRouteTable, describeScope, findConnection } from './routing/route-table.js';
import { watchRoutingHealth } from './routing/health-events.js';
import type { DesktopControlDeps } from './control/desktop-contract.js';
import { createProber } from './routing/prober.js';
import { createRouter } from './routing/router.js';
import { credentialFingerprint } from './routing/credential-fingerprint.js';
import { createRoutingState } from './routing/routing-state.js';
import { scheduleModelRefresh } from './providers/model-refresh-schedule.js';
import { resetRouting } from './routing/reset-routing.js';
import { createNetworkAdmin } from './network/network-admin.js';
import { subscribeAll } from './server/control-events.js';
import { createRoutingPersister } from './routing/routing-persister.js';
import type { RouteTable } from './routing/route-table.js';
import { createSecretStore } from './secrets/index.js';
import type { SecretStore } from './secrets/index.js';
import { createBrowserGuard } from './server/browser-guard.js';
import { createHostCheck, LOOPBACK_HOSTS } from './server/host-check.js';
import { IdempotencyCache } from './server/idempotency.js';
import { createGatewayServer, serverLimits } from './server/http-server.js';
import { browserBaseUrl, createManagementAuth } from './server/management-auth.js';
import { listen } from './server/listen.js';
import type { Listening } from './server/listen.js';
import { GatewayStartError } from './gateway-start-error.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { DataDirLock } from './data-dir-lock.js';
import { ensurePrivateDataDir } from './private-data-dir.js';
import { createStaticFiles } from './server/static-files.js';
import { openStore } from './store/index.js';
import { createRepeatFailureMemory } from './routing/repeat-failures.js';
import { isDamagedDatabaseError, REQUEST_LOG_FILE } from './store/request-log-db.js';
import { watchStoreIntegrity, type IntegrityOutcome } from './store/integrity-watch.js';
import type { Store } from './store/index.js';
import { createUpstreamClient } from './upstream/client.js';
import { fetchUsageJson } from './quota/usage-fetch.js';
import type { UpstreamTimeouts } from './upstream/client.js';
import { GATEWAY_VERSION } from './version.js';
import { syncConfig } from './config-sync.js';
import { createBackupOperations } from './backup/backup-operations.js';
import { createConnectionAdmin } from './accounts/connection-admin.js';
import { createLocalServers, type LocalServersDeps } from './local/local-servers.js';
import { createGatewayKeyAdmin } from './accounts/gateway-key-admin.js';
import { createGatewayKeyring } from './server/gateway-keyring.js';
import { createKeyAddressBook } from './backup/key-addresses.js';
import { createAccounting } from './usage/accounting.js';
import { listOf, loadRoutingInput, loadRuntime, modelListsDue, readAccountTerms } from './gateway-runtime.js';
import { calendarPeriod } from './quota/calendar-period.js';
import { createAppSettings, type SettingValues } from './settings/app-settings.js';
import { DEFAULT_HOST, DEFAULT_IDEMPOTENCY_WINDOW_MS, DEFAULT_PORT } from './settings/setting-fields.js';
import { createSetupServices } from './setup-services.js';
import { createPlayground } from './playground/playground.js';
import type { ChatDeps } from './pipeline/chat.js';
import type { RoutingConfig } from './config/index.js';
import type { LimitConfig } from './config/routing-schema.js';
import type { BudgetConfig, ModelPriceConfig } from './config/usage-schema.js';
import { parseUsageSections } from './config/usage-parse.js';
import { parseRoutingSections } from './config/routing-parse.js';
import type { SettingKey } from './control/setup-contract.js';

export { GatewayStartError };

export { DEFAULT_HOST, DEFAULT_PORT };
/** How often due cooldown probes are looked for; the probes themselves follow their own schedule. */
const PROBE_INTERVAL_MS = 30_000;
export const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;
/** Audio uploads for transcription: above every provider's own limit (OpenAI 25 MB, Groq 100 MB), spooled to disk as they arrive. */
export const DEFAULT_UPLOAD_LIMIT = 200 * 1024 * 1024;
/** Bytes kept of each captured request/response body. */
export const DEFAULT_CAPTURE_LIMIT = 64 * 1024;
/** Long enough for a client retry after a dropped connection, short enough not to answer a deliberate "regenerate". */
export { DEFAULT_IDEMPOTENCY_WINDOW_MS };

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
  /** The desktop app's preferences (desktop.get/update); absent under `serve`. */
  desktop?: DesktopControlDeps;
  /** Where local model servers are looked for (tests); default each one's own port on 127.0.0.1. */
  localDetect?: LocalServersDeps['detect'];
}

export type { Listening };

export interface Gateway {
  start(): Promise<Listening>;
  stop(): Promise<void>;
  control: ControlApi;
  events: EventEmitter<{ [K in keyof ControlEvents]: [ControlEvents[K]] }>;
  store: Store;
  /** Runs the probes that are due now (the gateway also runs them on a timer). */
  probe(): Promise<number>;
  /** Re-reads providers and connections from the store into the route table. */
  reload(): Promise<void>;
  /** Reads every provider usage endpoint now (the gateway also polls them on a schedule). */
  pollQuota(): Promise<number>;
  /** A one-time login link for the browser dashboard on the listening address (undefined before start). */
  loginLink(): string | undefined;
  /** The background integrity check start() began (store/integrity-watch.ts); undefined before start. */
  integrityChecked(): Promise<IntegrityOutcome | undefined>;
}

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  ensurePrivateDataDir(opts.dataDir);
  const lock = acquireDataDirLock(opts.dataDir);
  try {
    return await createLockedGateway(opts, lock);
  } catch (error) {
    lock.release();
    if (isDamagedDatabaseError(error)) {
      // Damage the store could not place (openStore handles a damaged log and names a damaged configuration file).
      throw new GatewayStartError(`A database in ${opts.dataDir} is damaged (${error instanceof Error ? error.message : String(error)}).`, [
        `If it is ${REQUEST_LOG_FILE} (the request log), move that file aside: a new log is started and nothing else is lost.`,
        `If it is omniroute.db (the configuration), restore the newest file from ${join(opts.dataDir, 'backups')} in its place.`,
      ]);
    }
    throw error;
  }
}

/** The gateway proper, once this process owns the data dir; stop() gives the lock back. */
async function createLockedGateway(opts: GatewayOptions, lock: DataDirLock): Promise<Gateway> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? Date.now;
  let config: GatewayConfig | undefined;
  if (opts.configPath) {
    const loaded = await loadConfigFile(opts.configPath, { env, builtinProviderIds: Object.keys(BUILTIN_PROVIDERS), keylessProviderIds: LOCAL_PROVIDER_IDS });
    if (!loaded.ok) throw new GatewayStartError(`The config file ${opts.configPath} has errors:`, loaded.errors);
    config = loaded.config;
  }
  // Durable: each response ends only after its log row is committed (group commit per turn).
  const logSettings = config?.server?.requestLog;
  const store = await openStore({
    dataDir: opts.dataDir,
    requestLog: { durable: true },
    retention: {
      now: clock,
      keepSince: () => calendarPeriod('monthly', clock()).start,
      retentionDays: () => appSettings.value('requestLog.retentionDays'),
      ...(logSettings?.maxRows !== undefined ? { maxRows: logSettings.maxRows } : {}),
    },
  });
  const secrets = opts.secrets ?? (await createSecretStore({ dataDir: opts.dataDir, env }));
  if (config) await syncConfig({ config, store, secrets });

  const keyAddresses = createKeyAddressBook(opts.dataDir);
  const appSettings = await createAppSettings({
    store,
    config,
    configPath: opts.configPath,
    // What this process listens on: the command line, else the file, else the app's setting.
    launch: { ...(opts.host !== undefined ? { 'server.host': opts.host } : {}), ...(opts.port !== undefined ? { 'server.port': opts.port } : {}) },
    check: async (values) => checkSettings(values),
    apply: async () => applyLiveSettings(),
    now: clock,
  });
  const host = appSettings.value('server.host');
  const port = appSettings.value('server.port');
  const activeStoredKeys = async () => (await store.gatewayKeys.list()).some((k) => k.revokedAt === null && (k.expiresAt === null || k.expiresAt > clock()));
  if (!LOOPBACK_HOSTS.includes(host) && (config?.server?.apiKeys ?? []).length === 0 && !(await activeStoredKeys())) {
    await store.close();
    throw new GatewayStartError(
      `Listening on ${host} would let other machines use your provider accounts. Create a gateway key in the app or set server.apiKeys in the config file first, or listen on 127.0.0.1.`,
    );
  }

  let runtime = await loadRuntime(store, secrets, keyAddresses, env);
  const routingInput = () => loadRoutingInput(store, appSettings.value('routing.disabledProviders'));
  let table: RouteTable = buildRouteTable(runtime.providers, runtime.connections, await routingInput());
  // Restore, import and every edit in the app change the configuration under a running gateway.
  const reload = async (opts: { resyncConfig: boolean }): Promise<void> => {
    // A restored database may predate the config file's connections; the file stays the source of truth.
    if (config && opts.resyncConfig) await syncConfig({ config, store, secrets });
    runtime = await loadRuntime(store, secrets, keyAddresses, env);
    // In-flight requests keep the table they started with; the next one gets this one.
    table = buildRouteTable(runtime.providers, runtime.connections, await routingInput());
    routingState.revalidateKeyRejections();
    await accounting.rebuild();
  };
  /** Refusals of settings that need the rest of the gateway to judge. */
  const checkSettings = async (values: SettingValues): Promise<string | null> => {
    const known = new Set(runtime.providers.map((p) => p.id));
    const unknown = listOf(values['routing.disabledProviders']).filter((id) => typeof id !== 'string' || !known.has(id));
    if (unknown.length > 0) return `routing.disabledProviders: unknown provider "${unknown[0]}" (known: ${[...known].sort().join(', ')})`;
    // Limits, prices and budgets get the file's own cross-checks and words.
    const errors: string[] = [];
    parseUsageSections({ pricing: values.pricing, budgets: listOf(values.budgets) }, { providerIds: known, errors });
    parseRoutingSections({ limits: listOf(values.limits) }, { providerIds: known, labels: new Map(), errors });
    if (errors.length > 0) return errors[0]!;
    if (listOf(values.budgets).length > 0 && values['requestLog.enabled'] === false) {
      return 'budgets are counted from the request log: keep requestLog.enabled on, or remove the budgets';
    }
    const nextHost = String(values['server.host']);
    if (!LOOPBACK_HOSTS.includes(nextHost) && (config?.server?.apiKeys ?? []).length === 0 && !(await activeStoredKeys())) {
      return `server.host: listening on ${nextHost} would let other machines use your provider accounts; create a gateway key first.`;
    }
    return null;
  };
  const routingState = createRoutingState({
    now: clock,
    // Rare (a refused key, a restore): the accounts are scanned, nothing is kept per request.
    credentialOf: (connectionId) => {
      const found = findConnection(table, connectionId);
      return found && credentialFingerprint(found);
    },
    breaker: { threshold: appSettings.value('routing.breaker.threshold'), coolOffMs: appSettings.value('routing.breaker.coolOffMs') },
    cooldowns: { reprobeAfterMs: appSettings.value('routing.reprobeAfterMs') },
  });
  const storedRouting = await store.routingState.loadAll();
  routingState.restore(storedRouting, clock());
  // The config file's timeouts, then the embedder's (tests) over them.
  const upstream = createUpstreamClient({
    connectMs: appSettings.value('routing.upstreamTimeouts.connectMs'),
    firstByteMs: appSettings.value('routing.upstreamTimeouts.firstByteMs'),
    idleMs: appSettings.value('routing.upstreamTimeouts.idleMs'),
    streamTotalMs: appSettings.value('routing.upstreamTimeouts.streamTotalMs'),
    ...opts.upstreamTimeouts,
  }, { noProxy: () => runtime.noProxy });
  const setup = createSetupServices({
    store,
    settings: appSettings,
    runtime: () => runtime,
    builtinIds: new Set(Object.keys(BUILTIN_PROVIDERS)),
    upstream,
    reload: () => reload({ resyncConfig: false }),
    now: clock,
    configPath: opts.configPath,
  });
  const prober = createProber({ table: () => table, state: routingState, upstream, now: clock });
  let stopProber: (() => void) | undefined;
  let modelRefresh: { stop(): void } | undefined;
  const accounting = await createAccounting({
    config,
    accountTerms: () => readAccountTerms(store),
    store,
    table: () => table,
    now: clock,
    learnedLimits: () => router.learnedLimits(),
    onQuotaChange: (event) => events.emit('quota.changed', event),
    fetchUsage: (url, headers, signal, proxy) => fetchUsageJson(url, headers, signal, upstream.dispatcherFor(url, proxy)),
  });
  // Edited in place by the app's settings; the router reads it as each request starts.
  const routingSettings: RoutingConfig = { ...config?.routing };
  const router = createRouter({
    gates: accounting.gates,
    table: () => table,
    state: routingState,
    settings: routingSettings,
    limits: config?.limits ?? [],
    now: clock,
    random: Math.random,
    prices: accounting.prices,
  });
  router.restoreLearnedLimits(storedRouting.filter((r) => r.kind === 'limit'));
  const persistRouting = createRoutingPersister(store, routingState, { snapshot: router.learnedLimits, onChange: router.onLearnedLimitsChange });
  const events: Gateway['events'] = new EventEmitter();
  const stopHealthWatch = watchRoutingHealth(routingState, (key) => describeScope(table, key), (e) => events.emit('health.changed', e), clock);
  const startedAt = clock();
  let listening: Listening | null = null;

  const repeatFailures = createRepeatFailureMemory({ now: clock });
  const keyring = createGatewayKeyring(config?.server?.apiKeys ?? []);
  // Every key the gateway knows is redacted from captured bodies wherever it occurs.
  const knownSecrets = () => [...runtime.connections.map((c) => c.apiKey), ...(config?.server?.apiKeys ?? []).map((k) => k.key)];
  // Runs go through `chat` (declared below) as each starts; pushed like every other event.
  const playground = createPlayground({ chat: () => chat, secrets: knownSecrets, emit: (p) => events.emit('playground.progress', p) });
  keyring.setStored(await store.gatewayKeys.list());
  const getStatus = (): GatewayStatus => ({
    version: GATEWAY_VERSION,
    listening,
    providerCount: table.connections.size,
    connectionCount: runtime.connections.filter((c) => c.enabled).length,
    uptimeMs: clock() - startedAt,
    keyRejected: routingState.keyRejections().flatMap((r) => {
      const found = findConnection(table, r.key.slice('account:'.length));
      return found ? [{ provider: found.providerId, label: found.label, status: r.status, since: r.since }] : [];
    }),
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
  const connectionAdmin = createConnectionAdmin({
    store, secrets, findProvider: (id) => runtime.providers.find((p) => p.id === id), reload: () => reload({ resyncConfig: false }), now: clock, configPath: opts.configPath,
  });
  const local = createLocalServers({ store, connections: connectionAdmin, providers: () => runtime.providers, reload: () => reload({ resyncConfig: false }), now: clock, detect: opts.localDetect });
  const control = createControlApi({
    getStatus,
    listProviders,
    routingStatus: () => ({
      cooldowns: routingState.cooldowns(),
      breakers: routingState.breakers(),
      keyRejected: routingState.keyRejections().map((r) => ({ ...r, state: 'key_rejected' as const })),
      limits: router.learnedLimits(),
    }),
    resetRouting: (input) => resetRouting(routingState, repeatFailures, input),
    network: createNetworkAdmin({ store, secrets, reload: () => reload({ resyncConfig: false }), now: clock, env }),
    quotaStatus: accounting.quotaStatus,
    budgetsStatus: accounting.budgetsStatus,
    ...(opts.desktop ? { desktop: opts.desktop } : {}),
    usage: {
      store,
      backups: createBackupOperations({
        store,
        secrets,
        keyAddresses,
        dataDir: opts.dataDir,
        now: clock,
        builtinProviderIds: Object.keys(BUILTIN_PROVIDERS),
        reload: async (after) => {
          // A restore or an import brings its own settings: they apply as the app's would.
          await appSettings.reload();
          setLiveSettings();
          await reload({ resyncConfig: after === 'restore' });
        },
      }),
    },
    accounts: {
      connections: connectionAdmin,
      keys: createGatewayKeyAdmin({
        store,
        keyring,
        fileLabels: (config?.server?.apiKeys ?? []).map((k) => k.label),
        now: clock,
        usage: async (label) => ({
          lastUsedAt: await store.requestLogs.lastUsedBy(label),
          spentThisMonthUsd: accounting.budgetsStatus().keys.find((k) => k.label === label)?.monthly ?? 0,
        }),
      }),
      audit: store.audit,
    },
    setup,
    playground,
    local,
  });

  let logRequests = appSettings.value('requestLog.enabled');
  const onFinished = (record: RequestRecord): Promise<void> | undefined => {
    accounting.book(record);
    if (logRequests) store.requestLog.write(toLogEntry(record));
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
    return logRequests ? store.requestLog.committed() : undefined;
  };

  let integrity: Promise<IntegrityOutcome | undefined> | undefined;
  let stopping = false;
  const managementAuth = createManagementAuth({ dataDir: opts.dataDir, now: clock });
  const chat: ChatDeps = {
      router,
      upstream,
      now: clock,
      onFinished,
      ...(logRequests && appSettings.value('requestLog.captureBodies') === true
        ? {
            capture: { limitBytes: logSettings?.bodyLimitBytes ?? DEFAULT_CAPTURE_LIMIT, secrets: knownSecrets },
          }
        : {}),
      priceRequest: accounting.priceRequest,
      repeatFailures,
      policy: {},
  };
  /** Settings that apply at once: each request reads them as it starts. */
  const setLiveSettings = (): void => {
    const value = appSettings.value;
    routingSettings.strategy = value('routing.strategy');
    routingSettings.maxAttempts = value('routing.maxAttempts');
    routingSettings.timeBudgetMs = value('routing.timeBudgetMs');
    routingSettings.maxWaitMs = value('routing.maxWaitMs');
    const systemPrompt = value('routing.systemPrompt');
    const backgroundModel = value('routing.backgroundModel');
    const thinking = value('routing.thinking');
    chat.policy = { ...(systemPrompt ? { systemPrompt } : {}), ...(thinking ? { thinking } : {}) };
    if (backgroundModel) chat.backgroundModel = backgroundModel;
    else delete chat.backgroundModel;
    logRequests = value('requestLog.enabled');
    router.setLimits(value('limits'));
    accounting.prices.setOverrides(value('pricing'));
    accounting.setBudgets(value('budgets'));
  };
  const applyLiveSettings = async (): Promise<void> => {
    setLiveSettings();
    // Disabled providers are part of the route table.
    await reload({ resyncConfig: false });
  };
  // The table above was built with these settings already; only the live objects need them.
  setLiveSettings();
  const server: Server = createGatewayServer({
    routeTable: () => table,
    chat,
    services: { router, upstream, now: clock, onFinished, priceRequest: accounting.priceRequest, uploadLimitBytes: DEFAULT_UPLOAD_LIMIT },
    isAllowedHost: createHostCheck(config?.server?.allowedHosts ?? []),
    browserGuard: createBrowserGuard(config?.server?.allowedOrigins ?? []),
    keyring,
    ...(accounting.checkKeyBudget ? { checkKeyBudget: accounting.checkKeyBudget } : {}),
    bodyLimitBytes: config?.server?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    limits: serverLimits(config?.server),
    control,
    managementAuth,
    subscribe: (listener) => subscribeAll(events, listener),
    ...(opts.rendererDir ? { staticFiles: createStaticFiles(opts.rendererDir) } : {}),
    health: () => ({ version: GATEWAY_VERSION, uptimeMs: clock() - startedAt }),
    ...(appSettings.value('routing.idempotencyWindowMs') > 0
      ? { idempotency: new IdempotencyCache(appSettings.value('routing.idempotencyWindowMs'), clock) }
      : {}),
  });

  return {
    control,
    events,
    store,
    probe: () => prober.tick(),
    reload: () => reload({ resyncConfig: false }),
    pollQuota: accounting.pollQuota,
    integrityChecked: () => integrity ?? Promise.resolve(undefined),
    loginLink: () => (listening ? managementAuth.loginLink(browserBaseUrl(listening.host, listening.port)) : undefined),
    async start() {
      listening = await listen(server, host, port);
      stopProber = prober.start(PROBE_INTERVAL_MS);
      accounting.start();
      local.start();
      modelRefresh = scheduleModelRefresh({
        due: () => modelListsDue(store, table),
        refresh: (id) => setup.providers.refreshModels(id, 'gateway (daily model list)'),
        now: clock,
        setTimer: (fn, ms): NodeJS.Timeout => setTimeout(fn, ms),
        clearTimer: (t) => clearTimeout(t),
      });
      store.retention.start();
      const warn = (message: string) => process.emitWarning(message, { code: 'OMNIROUTE_INTEGRITY' });
      stopping = false;
      integrity = watchStoreIntegrity(store, warn).catch((error: unknown) => {
        // stop() closing the store ends a check still running: nothing to report then.
        if (!stopping) warn(`omniroute: the database integrity check did not finish: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      });
      return listening;
    },
    async stop() {
      stopping = true;
      stopHealthWatch();
      await playground.stopAll();
      stopProber?.();
      modelRefresh?.stop();
      accounting.stop();
      await local.stop();
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
      // A background check still running ended with the store; let it settle before the lock goes.
      await integrity;
      lock.release();
    },
  };
}

