import type { SettingKey, SettingView } from './views.js';

/** Addresses only this computer can reach; any other listen address exposes the gateway. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * What a setting's widget shows: the unsaved edit if there is one (null = back to the
 * default), otherwise what the gateway reports.
 */
export function shownValue(setting: SettingView, draft: ReadonlyMap<SettingKey, unknown>): unknown {
  if (!draft.has(setting.key)) return setting.value;
  const v = draft.get(setting.key);
  return v === null ? setting.defaultValue : v;
}

const RESILIENCE = ['routing.breaker.', 'routing.upstreamTimeouts.', 'routing.reprobeAfterMs', 'routing.idempotencyWindowMs', 'limits'];
const COSTS = ['pricing', 'budgets'];

/** The group a setting is listed under: resilience tuning and costs apart, else the part of its key before the first dot. */
export function groupOf(key: string): string {
  if (RESILIENCE.some((p) => key.startsWith(p))) return 'resilience';
  if (COSTS.includes(key)) return 'costs';
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}

/**
 * A structured setting (limits, pricing, budgets) being edited as JSON text: kept as typed
 * until saving, when it must parse.
 */
export class JsonText {
  constructor(readonly text: string) {}
  parse(): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(this.text) as unknown };
    } catch {
      return { ok: false };
    }
  }
}

/** Renders a value for "Default: …" and read-only rows. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The edits as settings.update takes them: an emptied field puts the setting back to its
 * default; JSON text is parsed. Lists the keys whose JSON does not parse instead.
 */
export function toUpdate(
  draft: ReadonlyMap<SettingKey, unknown>,
): { ok: true; values: Partial<Record<SettingKey, unknown>> } | { ok: false; invalid: SettingKey[] } {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const invalid: SettingKey[] = [];
  for (const [key, value] of draft) {
    if (value instanceof JsonText) {
      const parsed = value.text.trim() === '' ? { ok: true as const, value: null } : value.parse();
      if (parsed.ok) values[key] = parsed.value;
      else invalid.push(key);
    } else {
      values[key] = value === '' ? null : value;
    }
  }
  return invalid.length ? { ok: false, invalid } : { ok: true, values };
}
