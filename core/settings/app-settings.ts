/**
 * The settings edited in the app: stored in the settings table, each over its default and
 * under the config file (a setting the file declares is the file's: shown, not editable).
 * Settings that apply at once are handed to `apply`; the others are stored for the next start.
 */
import { isDeepStrictEqual } from 'node:util';
import type { GatewayConfig } from '../config/index.js';
import type { SettingKey, SettingsView } from '../control/setup-contract.js';
import type { Store } from '../store/index.js';
import { AdminRefusal } from '../accounts/admin-refusal.js';
import { SETTING_FIELDS, type SettingField, type SettingValue } from './setting-fields.js';

const STORED_PREFIX = 'app:';
/** Values longer than this are cut in the audit log, which records changes, not documents. */
const AUDIT_TEXT_LIMIT = 200;

export type SettingValues = Partial<Record<SettingKey, unknown>>;

export interface AppSettingsDeps {
  store: Pick<Store, 'settings' | 'audit'>;
  config: GatewayConfig | undefined;
  configPath: string | undefined;
  /**
   * Settings given when the gateway was started (`serve --host/--port`, OMNIROUTE_PORT): they
   * win over the file and the app, and an app edit would not apply while they are given.
   */
  launch: SettingValues;
  /** Refusals that need the rest of the gateway (unknown providers, a public bind without keys); a message or null. */
  check(values: SettingValues): Promise<string | null>;
  /** Puts the now-effective values of the settings that apply at once into effect (read through value()). */
  apply(): Promise<void>;
  now(): number;
}

export interface AppSettings {
  /** The value this process runs with: the file's, else the user's, else the default. */
  value<K extends SettingKey>(key: K): SettingValue<K>;
  view(): SettingsView;
  update(values: SettingValues, actor: string): Promise<SettingsView>;
  /** Re-reads the stored values after a restore or an import replaced them (the caller applies them). */
  reload(): Promise<void>;
}

export async function createAppSettings(deps: AppSettingsDeps): Promise<AppSettings> {
  const stored = new Map<SettingKey, unknown>();
  const readStored = async (): Promise<void> => {
    stored.clear();
    for (const field of SETTING_FIELDS) {
      const raw = await deps.store.settings.get<unknown>(STORED_PREFIX + field.key);
      if (raw === undefined) continue;
      // A value an older version stored, an import, or a hand-edited database is checked, not trusted.
      if (field.schema.safeParse(raw).success) stored.set(field.key, raw);
      else process.emitWarning(`omniroute: ignoring the stored setting ${field.key}: not a valid value`);
    }
  };
  await readStored();

  const fileValue = (field: SettingField) => field.fromFile(deps.config);
  const launched = (field: SettingField): boolean => Object.hasOwn(deps.launch, field.key);
  const source = (field: SettingField): 'launch' | 'file' | 'user' | 'default' =>
    launched(field) ? 'launch' : fileValue(field) !== undefined ? 'file' : stored.has(field.key) ? 'user' : 'default';
  /** What the next start with the same options would use. */
  const chosen = (field: SettingField): unknown =>
    launched(field) ? deps.launch[field.key] : (fileValue(field) ?? (stored.has(field.key) ? stored.get(field.key) : field.defaultValue));
  // Settings read at start keep the value they started with; the others follow every change.
  const atStart = new Map(SETTING_FIELDS.filter((f) => f.appliesAt === 'restart').map((f) => [f.key, chosen(f)]));
  const running = (field: SettingField): unknown => (atStart.has(field.key) ? atStart.get(field.key) : chosen(field));
  const byKey = (key: SettingKey): SettingField => {
    const field = SETTING_FIELDS.find((f) => f.key === key);
    if (!field) throw new AdminRefusal(`There is no setting "${key}".`);
    return field;
  };

  const view = (): SettingsView => ({
    configPath: deps.configPath ?? null,
    settings: SETTING_FIELDS.map((field) => ({
      key: field.key,
      value: chosen(field),
      defaultValue: field.defaultValue,
      source: source(field),
      appliesAt: field.appliesAt,
      pendingRestart: field.appliesAt === 'restart' && !isDeepStrictEqual(chosen(field), running(field)),
    })),
  });

  return {
    // Every stored, file and default value passed its key's schema, which SettingTypes mirrors.
    value: <K extends SettingKey>(key: K) => running(byKey(key)) as SettingValue<K>,
    view,
    reload: readStored,
    async update(values, actor) {
      const changes: Array<{ field: SettingField; value: unknown }> = [];
      for (const [key, value] of Object.entries(values) as Array<[SettingKey, unknown]>) {
        const field = byKey(key);
        if (launched(field)) {
          throw new AdminRefusal(`The setting ${key} was given when the gateway was started (a --host or --port option, or OMNIROUTE_PORT); start it without that to use a value set here.`);
        }
        if (fileValue(field) !== undefined) {
          throw new AdminRefusal(`The setting ${key} is set in the config file${deps.configPath ? ` ${deps.configPath}` : ''}; change it there (a change made here would be undone at the next start).`);
        }
        if (value === null) {
          changes.push({ field, value: undefined });
          continue;
        }
        const parsed = field.schema.safeParse(value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AdminRefusal(`${[key, ...(issue?.path ?? []).map(String)].join('.')}: ${issue?.message ?? 'not a valid value'}`);
        }
        changes.push({ field, value: parsed.data });
      }
      const proposed: SettingValues = {};
      for (const field of SETTING_FIELDS) proposed[field.key] = chosen(field);
      for (const { field, value } of changes) proposed[field.key] = value ?? field.defaultValue;
      const refusal = await deps.check(proposed);
      if (refusal !== null) throw new AdminRefusal(refusal);

      const audit: Record<string, unknown> = {};
      for (const { field, value } of changes) {
        const before = chosen(field);
        await deps.store.settings.set(STORED_PREFIX + field.key, value);
        if (value === undefined) stored.delete(field.key);
        else stored.set(field.key, value);
        if (!isDeepStrictEqual(before, chosen(field))) audit[field.key] = { from: forAudit(before), to: forAudit(chosen(field)) };
      }
      if (changes.some((c) => c.field.appliesAt === 'now')) await deps.apply();
      if (Object.keys(audit).length > 0) await deps.store.audit.append({ ts: deps.now(), actor, action: 'settings.update', target: 'settings', detail: audit });
      return view();
    },
  };
}

function forAudit(value: unknown): unknown {
  return typeof value === 'string' && value.length > AUDIT_TEXT_LIMIT ? `${value.slice(0, AUDIT_TEXT_LIMIT)}…` : value;
}
