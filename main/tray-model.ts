/**
 * What the tray shows: the icon's level, the tooltip and the menu, as plain data computed
 * from the gateway's state and what it reports about accounts, quota and combos. Pure;
 * main/electron-tray.ts turns the model into Electron's Tray and Menu.
 */
import type { ComboView } from '../core/control/setup-contract.js';
import type { ControlOutput, GatewayStatus } from '../core/control/contract.js';
import type { ConnectionQuota } from '../core/quota/quota-status.js';
import { countdown, percentLeft, resetPhrase, shareLeft, tightestWindow, windowName } from './quota-words.js';
import type { TrayLevel } from './tray-level.js';

export type ConnectionView = ControlOutput<'connections.list'>[number];

export type GatewayState =
  | { kind: 'starting' }
  | { kind: 'running'; status: GatewayStatus }
  | { kind: 'paused' }
  | { kind: 'failed'; message: string };

/** The alias a tool can name as its model; the tray's combo switch points it at a combo. */
export const DEFAULT_COMBO_ALIAS = 'default';

/** Below this share of a window left, an account shows as low. */
export const LOW_SHARE = 0.2;

/** More accounts than this are left to the dashboard: a menu is not a table. */
const MAX_ACCOUNTS_IN_MENU = 10;

// Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip holds 128 with the NUL).
const TOOLTIP_MAX = 127;

export type TrayAction =
  | { kind: 'open-dashboard' }
  | { kind: 'open-in-browser' }
  | { kind: 'copy-url' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'quit' }
  | { kind: 'set-account-enabled'; connectionId: string; enabled: boolean }
  | { kind: 'set-default-combo'; combo: string | null }
  | { kind: 'set-open-at-login'; enabled: boolean }
  | { kind: 'check-updates' }
  | { kind: 'install-update' };

export type TrayMenuItem =
  | { type: 'status'; label: string }
  | { type: 'action'; label: string; enabled: boolean; action: TrayAction }
  | { type: 'checkbox'; label: string; checked: boolean; enabled: boolean; action: TrayAction }
  | { type: 'radio'; label: string; checked: boolean; enabled: boolean; action: TrayAction }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] }
  | { type: 'separator' };

export interface TrayModel {
  level: TrayLevel;
  tooltip: string;
  statusLine: string;
  menu: TrayMenuItem[];
}

/** Everything the tray is computed from; the lists are empty while the gateway is not running. */
export interface TrayInput {
  gateway: GatewayState;
  connections: readonly ConnectionView[];
  quota: readonly ConnectionQuota[];
  combos: readonly ComboView[];
  /** Where the `default` alias points, and whether the config file owns it; null when unset. */
  defaultAlias: { to: string; fromFile: boolean } | null;
  openAtLogin: boolean;
  /** A downloaded update waiting for the app to quit. */
  updateReady: string | null;
  productName: string;
  now: number;
}

type AccountLevel = 'full' | 'low' | 'exhausted' | 'error';
const ACCOUNT_SEVERITY: Record<AccountLevel, number> = { full: 0, low: 1, exhausted: 2, error: 3 };

/** One enabled or disabled account as the tray describes it. */
interface AccountLine {
  connection: ConnectionView;
  level: AccountLevel;
  /** "openai/work" */
  name: string;
  /** "42 % left · resets in 2 h" */
  summary: string;
  /** When its tightest window refills, for the tooltip's "next reset". */
  resetAt: number | null;
  windows: string[];
}

export function buildTrayModel(input: TrayInput): TrayModel {
  const accounts = describeAccounts(input);
  const active = accounts.filter((a) => a.connection.enabled);
  const level = trayLevel(input.gateway, active);
  const statusLine = describeGateway(input.gateway, active);
  return {
    level,
    tooltip: truncate(tooltipText(input, active, statusLine), TOOLTIP_MAX),
    statusLine,
    menu: [
      { type: 'status', label: statusLine },
      ...(input.updateReady ? [{ type: 'status' as const, label: `Update ${input.updateReady} ready: installs when you quit` }] : []),
      ...accountSection(accounts),
      ...comboSection(input),
      { type: 'separator' },
      ...gatewayActions(input.gateway),
      { type: 'checkbox', label: 'Start at login', checked: input.openAtLogin, enabled: true, action: { kind: 'set-open-at-login', enabled: !input.openAtLogin } },
      input.updateReady
        ? { type: 'action', label: `Restart to install ${input.updateReady}`, enabled: true, action: { kind: 'install-update' } }
        : { type: 'action', label: 'Check for updates now', enabled: true, action: { kind: 'check-updates' } },
      { type: 'separator' },
      { type: 'action', label: `Quit ${input.productName}`, enabled: true, action: { kind: 'quit' } },
    ],
  };
}

function describeAccounts(input: TrayInput): AccountLine[] {
  const rejected = new Set(
    input.gateway.kind === 'running' ? (input.gateway.status.keyRejected ?? []).map((r) => `${r.provider}/${r.label}`) : [],
  );
  const quotaById = new Map(input.quota.map((q) => [q.connectionId, q]));
  return input.connections.map((connection) => {
    const name = `${connection.provider}/${connection.label}`;
    const quota = quotaById.get(connection.id);
    const windows = (quota?.windows ?? []).map((w) => {
      const left = shareLeft(w);
      const amount = left === null ? `${w.remaining} ${w.unit} left` : w.exhausted ? 'used up' : percentLeft(left);
      return [`${windowName(w.window)}: ${amount}`, resetPhrase(w.resetAt, input.now)].filter(Boolean).join(' · ');
    });
    if (rejected.has(name)) return { connection, name, level: 'error', summary: 'key refused: replace it', resetAt: null, windows };
    const tight = quota ? tightestWindow(quota) : undefined;
    const blocked = quota?.blocked ?? null;
    if (!connection.enabled) return { connection, name, level: 'full', summary: 'disabled', resetAt: null, windows };
    if (blocked || tight?.exhausted) {
      const resetAt = blocked?.until ?? tight?.resetAt ?? null;
      return { connection, name, level: 'exhausted', summary: ['used up', resetPhrase(resetAt, input.now)].filter(Boolean).join(' · '), resetAt, windows };
    }
    if (!tight) return { connection, name, level: 'full', summary: 'no limit known', resetAt: null, windows };
    const left = shareLeft(tight) ?? 1;
    return {
      connection,
      name,
      level: left < LOW_SHARE ? 'low' : 'full',
      summary: [percentLeft(left), resetPhrase(tight.resetAt, input.now)].filter(Boolean).join(' · '),
      resetAt: tight.resetAt,
      windows,
    };
  });
}

function trayLevel(gateway: GatewayState, active: readonly AccountLine[]): TrayLevel {
  switch (gateway.kind) {
    case 'starting':
      return 'starting';
    case 'paused':
      return 'paused';
    case 'failed':
      return 'error';
    case 'running': {
      if (!gateway.status.listening) return 'error';
      const worst = mostConstrained(active);
      return worst ? worst.level : 'full';
    }
  }
}

function mostConstrained(active: readonly AccountLine[]): AccountLine | undefined {
  let worst: AccountLine | undefined;
  for (const a of active) if (!worst || ACCOUNT_SEVERITY[a.level] > ACCOUNT_SEVERITY[worst.level]) worst = a;
  return worst;
}

function describeGateway(gateway: GatewayState, active: readonly AccountLine[]): string {
  switch (gateway.kind) {
    case 'starting':
      return 'Starting…';
    case 'paused':
      return 'Paused';
    case 'failed':
      return `Not running: ${gateway.message}`;
    case 'running': {
      const { listening } = gateway.status;
      if (!listening) return 'Not listening';
      return `Running on ${listening.url} · ${accountCounts(active)}`;
    }
  }
}

/** "2 accounts, 1 low": how many are active and how many are constrained. */
function accountCounts(active: readonly AccountLine[]): string {
  if (active.length === 0) return 'no accounts yet';
  const counts = (['exhausted', 'low', 'error'] as const)
    .map((level) => [level, active.filter((a) => a.level === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => `${n} ${level === 'error' ? 'need a new key' : level}`);
  return [plural(active.length, 'account'), ...counts].join(', ');
}

/** The status, then the tightest account and the next reset: what a glance at the icon asks. */
function tooltipText(input: TrayInput, active: readonly AccountLine[], statusLine: string): string {
  // The URL is in the menu; Windows keeps only 127 characters for the rest.
  const running = input.gateway.kind === 'running' && input.gateway.status.listening !== null;
  const lines = [`${input.productName}: ${running ? accountCounts(active) : statusLine}`];
  if (!running) return lines[0] ?? '';
  const worst = mostConstrained(active);
  const constrained = worst && worst.level !== 'full' ? worst : undefined;
  if (constrained) lines.push(`${constrained.name}: ${constrained.summary}`);
  const resets = active.map((a) => a.resetAt).filter((t): t is number => t !== null && t > input.now);
  const next = resets.length > 0 ? Math.min(...resets) : undefined;
  if (next !== undefined && next !== constrained?.resetAt) lines.push(`next reset in ${countdown(next - input.now)}`);
  return lines.join('\n');
}

function accountSection(accounts: readonly AccountLine[]): TrayMenuItem[] {
  if (accounts.length === 0) return [];
  const shown = accounts.slice(0, MAX_ACCOUNTS_IN_MENU);
  const items: TrayMenuItem[] = [{ type: 'separator' }];
  for (const a of shown) {
    const fromFile = a.connection.source === 'file';
    items.push({
      type: 'submenu',
      label: `${a.name}: ${a.summary}`,
      items: [
        ...a.windows.map((label) => ({ type: 'status' as const, label })),
        ...(a.windows.length > 0 ? [{ type: 'separator' as const }] : []),
        {
          type: 'checkbox',
          label: fromFile ? 'Enabled (set in the config file)' : 'Enabled',
          checked: a.connection.enabled,
          enabled: !fromFile,
          action: { kind: 'set-account-enabled', connectionId: a.connection.id, enabled: !a.connection.enabled },
        },
      ],
    });
  }
  if (accounts.length > shown.length) items.push({ type: 'status', label: `${accounts.length - shown.length} more in the dashboard` });
  return items;
}

/** Radio items pointing the `default` alias at one enabled combo, or at none. */
function comboSection(input: TrayInput): TrayMenuItem[] {
  const combos = input.combos.filter((c) => c.enabled);
  if (combos.length === 0) return [];
  const current = input.defaultAlias?.to ?? null;
  const locked = input.defaultAlias?.fromFile ?? false;
  const items: TrayMenuItem[] = combos.map((c) => ({
    type: 'radio',
    label: c.name,
    checked: c.name === current,
    enabled: !locked,
    action: { kind: 'set-default-combo', combo: c.name },
  }));
  items.push({ type: 'radio', label: 'None', checked: current === null, enabled: !locked, action: { kind: 'set-default-combo', combo: null } });
  if (current !== null && !combos.some((c) => c.name === current)) items.unshift({ type: 'status', label: `"${DEFAULT_COMBO_ALIAS}" points at ${current}` });
  if (locked) items.push({ type: 'status', label: 'Set in the config file' });
  const label = current === null ? 'Default combo' : `Default combo: ${current}`;
  return [{ type: 'separator' }, { type: 'submenu', label, items }];
}

function gatewayActions(gateway: GatewayState): TrayMenuItem[] {
  const listening = gateway.kind === 'running' && gateway.status.listening !== null;
  const canResume = gateway.kind === 'paused' || gateway.kind === 'failed';
  return [
    { type: 'action', label: 'Open dashboard', enabled: true, action: { kind: 'open-dashboard' } },
    // A one-time login link, for the same dashboard in the user's own browser.
    { type: 'action', label: 'Open dashboard in browser', enabled: listening, action: { kind: 'open-in-browser' } },
    { type: 'action', label: 'Copy endpoint URL', enabled: listening, action: { kind: 'copy-url' } },
    canResume
      ? { type: 'action', label: 'Resume gateway', enabled: true, action: { kind: 'resume' } }
      : { type: 'action', label: 'Pause gateway', enabled: gateway.kind === 'running', action: { kind: 'pause' } },
  ];
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
