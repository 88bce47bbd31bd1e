/**
 * The one list of dashboard operations. main/ registers each on ipcMain.handle, the
 * headless server mounts each under POST /api/<name>, and the renderer imports only the
 * types. Adding an operation means one entry here, one handler in handlers.ts, and its name
 * in preload/methods.ts (a literal list, so the sandboxed preload does not bundle zod; it
 * fails to compile, and a test fails, while it differs from CONTROL_METHODS).
 */
import { z } from 'zod';
import { learnedLimitSchema } from '../routing/learned-limits.js';
import { KEY_REJECTION_CODES } from '../routing/routing-state.js';
import * as usage from './usage-contract.js';
import * as accounts from './accounts-contract.js';
import * as setup from './setup-contract.js';
import * as desktop from './desktop-contract.js';
import * as playground from './playground-contract.js';
import * as local from './local-contract.js';
import * as network from '../network/network-contract.js';
import { quotaStatusSchema } from '../quota/quota-status.js';
import type { QuotaChanged } from '../quota/quota-status.js';
import type { HealthChanged } from '../routing/health-events.js';

export const GatewayStatus = z.object({
  version: z.string(),
  listening: z.object({ host: z.string(), port: z.number(), url: z.string() }).nullable(),
  providerCount: z.number(),
  connectionCount: z.number(),
  uptimeMs: z.number(),
  /**
   * Accounts whose key the provider refused (401/403): they route nothing until the key is
   * replaced or routing.reset clears them, so the tray and the dashboard show them. Always
   * sent by the gateway; optional so that stand-ins written before it still fit.
   */
  keyRejected: z.array(z.object({ provider: z.string(), label: z.string(), status: z.number(), since: z.number() })).optional(),
});
export type GatewayStatus = z.infer<typeof GatewayStatus>;

export const ProviderSummary = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  tier: z.string(),
  connectionCount: z.number(),
  modelCount: z.number(),
});
export type ProviderSummary = z.infer<typeof ProviderSummary>;

export const RoutingStatus = z.object({
  cooldowns: z.array(
    z.object({ key: z.string(), until: z.number(), reason: z.string(), strikes: z.number(), probing: z.boolean(), nextProbeAt: z.number().optional() }),
  ),
  breakers: z.array(z.object({ key: z.string(), phase: z.string(), failures: z.number(), reopensAt: z.number().optional() })),
  /**
   * Accounts whose key the provider refused (401/403): skipped until the key changes or
   * routing.reset clears them. Their own state, not a cooldown: no wait makes them good again.
   * The gateway always sends it; optional only so that stand-ins written before it still fit.
   */
  keyRejected: z
    .array(
      z.object({ key: z.string(), state: z.literal('key_rejected'), reason: z.enum(KEY_REJECTION_CODES), status: z.number(), since: z.number() }),
    )
    .optional(),
  /** What providers' rate-limit headers last said per account. */
  limits: z.array(learnedLimitSchema.extend({ key: z.string() })),
});
export type RoutingStatus = z.infer<typeof RoutingStatus>;

/** Clears cooldowns and breakers: one scope key, one account, or everything. */
export const RoutingReset = z.union([
  z.object({ key: z.string().min(1) }).strict(),
  z.object({ connectionId: z.string().min(1) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type RoutingReset = z.infer<typeof RoutingReset>;

// --- budgets ---
/** One configured budget in its current period; amounts in US dollars, times in Unix ms. */
export const BudgetStatusLine = z.object({
  scope: z.enum(['provider', 'tier', 'key']),
  /** A provider id, a tier, or a gateway key's label. */
  id: z.string(),
  period: z.enum(['daily', 'monthly']),
  limit: z.number(),
  spent: z.number(),
  remaining: z.number(),
  /** When the period ends (UTC midnight, or the first of the next month). */
  resetsAt: z.number(),
  exhausted: z.boolean(),
});
export const BudgetsStatus = z.object({
  budgets: z.array(BudgetStatusLine),
  /** What each gateway key has spent today and this month, budget or not. */
  keys: z.array(z.object({ label: z.string(), daily: z.number(), monthly: z.number() })),
});
export type BudgetsStatus = z.infer<typeof BudgetsStatus>;
// --- end budgets ---

/** Each method: the schema its input must satisfy and the type of what it returns. */
export const contract = {
  'gateway.status': { input: z.object({}).strict(), output: GatewayStatus },
  'providers.list': { input: z.object({}).strict(), output: z.array(ProviderSummary) },
  'routing.status': { input: z.object({}).strict(), output: RoutingStatus },
  'routing.reset': { input: RoutingReset, output: z.object({ reset: z.boolean() }) },
  /** Every account's quota windows: used, remaining, reset countdown, source. */
  'quota.status': { input: z.object({}).strict(), output: quotaStatusSchema },
  'budgets.status': { input: z.object({}).strict(), output: BudgetsStatus },
  // --- usage analytics, request logs, backup and export; schemas in usage-contract.ts ---
  'usage.summary': { input: usage.UsageSummaryInput, output: usage.UsageSummary },
  'usage.timeseries': { input: usage.UsageTimeseriesInput, output: usage.UsageTimeseries },
  'logs.list': { input: usage.LogsListInput, output: usage.LogsPage },
  'logs.get': { input: z.object({ id: z.string().min(1).max(500) }).strict(), output: usage.LogDetail },
  'backup.create': { input: usage.BackupCreateInput, output: usage.BackupCreated },
  'backup.restore': { input: usage.BackupRestoreInput, output: z.object({ restored: z.literal(true), previous: z.string() }) },
  'config.export': { input: usage.ConfigExportInput, output: usage.ConfigExported },
  'config.import': { input: usage.ConfigImportInput, output: usage.ConfigImported },
  // --- accounts edited at runtime, and the audit log of changes; schemas in accounts-contract.ts ---
  'connections.list': { input: z.object({}).strict(), output: z.array(accounts.ConnectionView) },
  'connections.create': { input: accounts.ConnectionCreateInput, output: accounts.ConnectionView },
  'connections.update': { input: accounts.ConnectionUpdateInput, output: accounts.ConnectionView },
  'connections.delete': { input: accounts.ConnectionDeleteInput, output: z.object({ deleted: z.literal(true) }) },
  'audit.list': { input: accounts.AuditListInput, output: z.array(accounts.AuditEntryView) },
  'keys.list': { input: z.object({}).strict(), output: z.array(accounts.GatewayKeyListed) },
  'keys.create': { input: accounts.GatewayKeyCreateInput, output: accounts.GatewayKeyIssued },
  'keys.update': { input: accounts.GatewayKeyUpdateInput, output: accounts.GatewayKeyView },
  'keys.revoke': { input: accounts.GatewayKeyIdInput, output: accounts.GatewayKeyView },
  'keys.rotate': { input: accounts.GatewayKeyIdInput, output: accounts.GatewayKeyIssued },
  // --- set-up: catalogue, custom providers, tests, combos, aliases, settings; schemas in setup-contract.ts ---
  'providers.catalogue': { input: z.object({}).strict(), output: z.array(setup.CatalogueEntry) },
  'providers.create': { input: setup.CustomProviderCreateInput, output: setup.CatalogueEntry },
  'providers.update': { input: setup.CustomProviderUpdateInput, output: setup.CatalogueEntry },
  'providers.delete': { input: setup.ProviderIdInput, output: z.object({ deleted: z.literal(true) }) },
  'models.refresh': { input: setup.ModelsRefreshInput, output: setup.ModelsRefreshed },
  'connections.test': { input: setup.ConnectionTestInput, output: setup.ConnectionTestResult },
  'combos.list': { input: z.object({}).strict(), output: z.array(setup.ComboView) },
  'combos.create': { input: setup.ComboCreateInput, output: setup.ComboView },
  'combos.update': { input: setup.ComboUpdateInput, output: setup.ComboView },
  'combos.delete': { input: setup.ComboNameInput, output: z.object({ deleted: z.literal(true) }) },
  'combos.reorder': { input: setup.ComboReorderInput, output: setup.ComboView },
  'combos.enable': { input: setup.ComboEnableInput, output: setup.ComboView },
  'aliases.list': { input: z.object({}).strict(), output: z.array(setup.AliasView) },
  'aliases.set': { input: setup.AliasSetInput, output: setup.AliasView },
  'aliases.delete': { input: setup.AliasDeleteInput, output: z.object({ deleted: z.literal(true) }) },
  'settings.get': { input: z.object({}).strict(), output: setup.SettingsView },
  'settings.update': { input: setup.SettingsUpdateInput, output: setup.SettingsView },
  // --- the desktop app's own preferences; schemas in desktop-contract.ts ---
  'desktop.get': { input: z.object({}).strict(), output: desktop.DesktopView },
  'desktop.update': { input: desktop.DesktopUpdateInput, output: desktop.DesktopView },
  // --- the Playground: one request through the real routing, progress as `playground.progress`; schemas in playground-contract.ts ---
  'playground.send': { input: playground.PlaygroundSendInput, output: playground.PlaygroundSent },
  'playground.cancel': { input: playground.PlaygroundCancelInput, output: playground.PlaygroundCancelled },
  // --- model servers on this machine, found on their default ports and added with no key; schemas in local-contract.ts ---
  'local.detect': { input: local.LocalDetectInput, output: local.LocalDetection },
  'local.add': { input: local.LocalAddInput, output: local.LocalAdded },
  // --- the outbound proxy (global, per provider, per account) and the hosts that go direct; schemas in network/network-contract.ts ---
  'network.get': { input: z.object({}).strict(), output: network.NetworkView },
  'network.setProxy': { input: network.SetProxyInput, output: network.NetworkView },
  'network.setNoProxy': { input: network.SetNoProxyInput, output: network.NetworkView },
} as const;

export type ControlMethod = keyof typeof contract;
export type ControlInput<M extends ControlMethod> = z.infer<(typeof contract)[M]['input']>;
export type ControlOutput<M extends ControlMethod> = z.infer<(typeof contract)[M]['output']>;

export const CONTROL_METHODS = Object.keys(contract) as ControlMethod[];

/** Events pushed to the dashboard (IPC `control:event`, or the /api/events SSE stream). */
export interface ControlEvents {
  'request.finished': {
    requestId: string;
    clientFormat: string;
    model: string;
    provider: string | null;
    status: number;
    latencyMs: number;
  };
  /** A quota window crossed 80, 95 or 100 %, or refilled. */
  'quota.changed': QuotaChanged;
  /** A breaker opened or closed, or an account's key was refused or accepted again. */
  'health.changed': HealthChanged;
  /** A playground run's text as it streams, then its result (or the gateway's own failure). */
  'playground.progress': playground.PlaygroundProgress;
}
export type ControlEventName = keyof ControlEvents;
export const CONTROL_EVENT_NAMES: readonly ControlEventName[] = ['request.finished', 'quota.changed', 'health.changed', 'playground.progress'];

/** What every transport (IPC, HTTP) calls into. */
export interface ControlApi {
  /** `caller` names who asked, for the audit log ("desktop app", "dashboard session …"); default "gateway". */
  call<M extends ControlMethod>(method: M, input: ControlInput<M>, caller?: string): Promise<ControlOutput<M>>;
}

/** The shape of a control failure as transports return it. */
export interface ControlErrorBody {
  /** unauthenticated and forbidden come only from the HTTP door (management-auth.ts), never from a handler. */
  error: { code: 'invalid_input' | 'unknown_method' | 'internal' | 'unauthenticated' | 'forbidden'; message: string };
}
