/**
 * What the tray shows for a gateway state: icon level, tooltip, status line and menu.
 * Pure data; main/main.ts turns it into Electron's Tray and Menu.
 */
import type { GatewayStatus } from '../core/control/contract.js';

export type GatewayState =
  | { kind: 'starting' }
  | { kind: 'running'; status: GatewayStatus }
  | { kind: 'paused' }
  | { kind: 'failed'; message: string };

export type TrayLevel = 'ok' | 'busy' | 'off' | 'error';

export type TrayAction = 'open-dashboard' | 'open-in-browser' | 'copy-url' | 'pause' | 'resume' | 'quit';

export type TrayMenuItem =
  | { type: 'status'; label: string }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { type: 'separator' };

export interface TrayModel {
  level: TrayLevel;
  tooltip: string;
  statusLine: string;
  menu: TrayMenuItem[];
}

// Windows cuts tray tooltips at 127 characters (NOTIFYICONDATA.szTip holds 128 with the NUL).
const TOOLTIP_MAX = 127;

export function buildTrayModel(state: GatewayState, productName = 'OmniRoute'): TrayModel {
  const statusLine = describe(state);
  const running = state.kind === 'running' && state.status.listening !== null;
  const canResume = state.kind === 'paused' || state.kind === 'failed';
  return {
    level: levelOf(state),
    tooltip: truncate(`${productName}: ${statusLine}`, TOOLTIP_MAX),
    statusLine,
    menu: [
      { type: 'status', label: statusLine },
      ...rejectedKeyLines(state),
      { type: 'separator' },
      { type: 'action', action: 'open-dashboard', label: 'Open dashboard', enabled: true },
      // A one-time login link, for the same dashboard in the user's own browser.
      { type: 'action', action: 'open-in-browser', label: 'Open dashboard in browser', enabled: running },
      { type: 'action', action: 'copy-url', label: 'Copy endpoint URL', enabled: running },
      canResume
        ? { type: 'action', action: 'resume', label: 'Resume gateway', enabled: true }
        : { type: 'action', action: 'pause', label: 'Pause gateway', enabled: state.kind === 'running' },
      { type: 'separator' },
      { type: 'action', action: 'quit', label: `Quit ${productName}`, enabled: true },
    ],
  };
}

function describe(state: GatewayState): string {
  switch (state.kind) {
    case 'starting':
      return 'Starting…';
    case 'paused':
      return 'Paused';
    case 'failed':
      return `Not running: ${state.message}`;
    case 'running': {
      const { listening, providerCount, connectionCount } = state.status;
      if (!listening) return 'Not listening';
      const rejected = state.status.keyRejected?.length ?? 0;
      const attention = rejected > 0 ? ` · ${plural(rejected, 'key')} rejected` : '';
      return `Running on ${listening.url} · ${plural(providerCount, 'provider')}, ${plural(connectionCount, 'connection')}${attention}`;
    }
  }
}

function levelOf(state: GatewayState): TrayLevel {
  switch (state.kind) {
    case 'starting':
      return 'busy';
    case 'paused':
      return 'off';
    case 'failed':
      return 'error';
    case 'running':
      if (!state.status.listening) return 'error';
      // Still serving through the other accounts, but one needs the user: a new key.
      return (state.status.keyRejected?.length ?? 0) > 0 ? 'busy' : 'ok';
  }
}

/** One status line per account whose key the provider refused, saying what to do. */
function rejectedKeyLines(state: GatewayState): TrayMenuItem[] {
  if (state.kind !== 'running') return [];
  return (state.status.keyRejected ?? []).map((r) => ({
    type: 'status' as const,
    label: `Key rejected (${r.status}): ${r.provider}/${r.label}: replace the key`,
  }));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
