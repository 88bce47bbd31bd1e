/**
 * Schemas of the set-up methods: the provider catalogue and custom providers, account tests
 * and model-list refresh, combos, aliases and settings; see contract.ts. The validation of
 * combos and custom providers is the config file's own (config/schema.ts, routing-schema.ts),
 * so the app and the file refuse the same things with the same words.
 */
import { z } from 'zod';
import { WIRE_FORMATS, type WireFormat } from '../formats/canonical.js';
import { customProviderSchema } from '../config/schema.js';
import { comboMemberSchema, comboSchema, STRATEGY_NAMES } from '../config/routing-schema.js';

/** Where an entry comes from: shipped with the gateway, declared in the config file, or made in the app. */
export const EntrySource = z.enum(['builtin', 'file', 'user']);

// --- providers ---
export const CatalogueModel = z.object({ id: z.string(), contextWindow: z.number().nullable() });
export const CatalogueEntry = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.string(),
  format: z.enum(WIRE_FORMATS as [WireFormat, ...WireFormat[]]),
  baseUrl: z.string(),
  /** The provider's API documentation; null for custom providers. */
  docsUrl: z.string().nullable(),
  /** Where the user creates a key. */
  keyUrl: z.string().nullable(),
  /** How the provider's keys start (for example "gsk_"), to catch a key pasted into the wrong provider. */
  keyPrefix: z.string().nullable(),
  models: z.array(CatalogueModel),
  /** When the model list was last read from the provider's own /models endpoint; null: the built-in list. */
  modelsRefreshedAt: z.number().nullable(),
  /** Whether the provider has a /models endpoint the gateway can read. */
  canRefreshModels: z.boolean(),
  source: EntrySource,
  connectionCount: z.number(),
  /** Disabled in routing settings: not routable, its models not listed. */
  disabled: z.boolean(),
  /** A model server on this machine: no key, no quota, cost 0; its models are read live from it. */
  local: z.boolean(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const CustomProviderCreateInput = customProviderSchema;
export const CustomProviderUpdateInput = customProviderSchema.partial().required({ id: true }).strict();
export const ProviderIdInput = z.object({ id: z.string().min(1).max(64) }).strict();

export const ModelsRefreshInput = z.object({ provider: z.string().min(1).max(64) }).strict();
export const ModelsRefreshed = z.object({ provider: z.string(), models: z.array(z.string()), refreshedAt: z.number() });

// --- account test ---
export const ConnectionTestInput = z.object({ id: z.string().min(1).max(100), model: z.string().min(1).max(200).optional() }).strict();
export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  /** The model the minimal request asked for. */
  model: z.string().nullable(),
  latencyMs: z.number(),
  /** The provider's status code, or null when no answer came. */
  status: z.number().nullable(),
  /** The provider's own words when it refused (shown as text). */
  message: z.string().nullable(),
  /** The models this account sees on the provider's /models endpoint, when it has one and answered. */
  models: z.array(z.string()).nullable(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

// --- combos ---
export const ComboView = z.object({
  name: z.string(),
  strategy: z.enum(STRATEGY_NAMES),
  sticky: z.number().nullable(),
  enabled: z.boolean(),
  members: z.array(z.object({ model: z.string(), connection: z.string().nullable() })),
  source: z.enum(['file', 'user']),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type ComboView = z.infer<typeof ComboView>;
export const ComboCreateInput = comboSchema;
export const ComboUpdateInput = z
  .strictObject({
    name: comboSchema.shape.name,
    rename: comboSchema.shape.name.optional(),
    strategy: comboSchema.shape.strategy,
    sticky: comboSchema.shape.sticky.nullable(),
    enabled: z.boolean().optional(),
    members: z.array(comboMemberSchema).min(1, { message: 'a combo needs at least one member' }).optional(),
  });
export const ComboNameInput = z.object({ name: z.string().min(1).max(200) }).strict();
/** `order` lists the current member positions (0-based) in their new order. */
export const ComboReorderInput = z.object({ name: z.string().min(1).max(200), order: z.array(z.number().int().min(0)).min(1).max(100) }).strict();
export const ComboEnableInput = z.object({ name: z.string().min(1).max(200), enabled: z.boolean() }).strict();

// --- aliases ---
export const AliasView = z.object({ from: z.string(), to: z.string(), source: z.enum(['file', 'user']) });
export const AliasSetInput = z.object({ from: z.string().min(1).max(200), to: z.string().min(1).max(200) }).strict();
export const AliasDeleteInput = z.object({ from: z.string().min(1).max(200) }).strict();

// --- settings ---
/** The settings the app edits, by dotted key; the value schemas live in control/settings-fields.ts. */
export const SETTING_KEYS = [
  'server.host',
  'server.port',
  'routing.strategy',
  'routing.maxAttempts',
  'routing.timeBudgetMs',
  'routing.maxWaitMs',
  'routing.systemPrompt',
  'routing.backgroundModel',
  'routing.disabledProviders',
  'routing.thinking',
  'routing.breaker.threshold',
  'routing.breaker.coolOffMs',
  'routing.reprobeAfterMs',
  'routing.idempotencyWindowMs',
  'routing.upstreamTimeouts.connectMs',
  'routing.upstreamTimeouts.firstByteMs',
  'routing.upstreamTimeouts.idleMs',
  'routing.upstreamTimeouts.streamTotalMs',
  'limits',
  'pricing',
  'budgets',
  'requestLog.enabled',
  'requestLog.captureBodies',
  'requestLog.retentionDays',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const SettingView = z.object({
  key: z.enum(SETTING_KEYS),
  /** What runs now, or will after a restart for settings that apply then. */
  value: z.unknown(),
  defaultValue: z.unknown(),
  /**
   * default: nobody set it; user: set in the app; file: the config file sets it; launch: given
   * when the gateway was started (a --host/--port option, OMNIROUTE_PORT). file and launch are read-only here.
   */
  source: z.enum(['default', 'user', 'file', 'launch']),
  appliesAt: z.enum(['now', 'restart']),
  /** Changed in the app but not yet in effect: a restart applies it. */
  pendingRestart: z.boolean(),
});
export type SettingView = z.infer<typeof SettingView>;
export const SettingsView = z.object({ configPath: z.string().nullable(), settings: z.array(SettingView) });
export type SettingsView = z.infer<typeof SettingsView>;
/** Each value is checked against its key's schema; null puts the setting back to its default. */
export const SettingsUpdateInput = z.object({ values: z.partialRecord(z.enum(SETTING_KEYS), z.unknown()) }).strict();
