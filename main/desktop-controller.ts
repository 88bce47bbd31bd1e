/**
 * The desktop shell's behaviour, wired to Electron only through the small ports below: it
 * keeps the tray's model fresh (at once on a gateway state change, within a quarter second
 * of a quota or health event, at most once a second for finished requests, and every
 * minute for the countdowns), turns gateway events into notifications through the policy,
 * and carries out what the tray's menu asks. main/main.ts supplies the Electron ports;
 * tests supply recording ones.
 */
import type { ControlApi } from '../core/control/contract.js';
import type { UpdateStatus } from '../core/control/desktop-contract.js';
import type { ControlEventMessage } from '../preload/bridge-types.js';
import { decideNotification, INITIAL_POLICY_STATE, type DashboardRoute, type DesktopEvent, type NotificationSpec, type PolicyState } from './notification-policy.js';
import type { DesktopPrefsService } from './desktop-prefs.js';
import { buildTrayModel, DEFAULT_COMBO_ALIAS, type GatewayState, type TrayAction, type TrayInput, type TrayModel } from './tray-model.js';
import type { CheckOutcome } from './update-scheduler.js';

export interface DesktopPorts {
  showTray(model: TrayModel): void;
  /** Shows a native notification; onClick runs when the user clicks it. */
  notify(spec: NotificationSpec, onClick: () => void): void;
  showDashboard(route?: DashboardRoute): void;
  copyText(text: string): void;
  openExternal(url: string): void;
  quit(): void;
  /** Quits and installs the downloaded update. */
  installUpdate(): void;
  timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  now(): number;
  log(message: string): void;
}

export interface ControlledHost {
  state(): GatewayState;
  readonly control: ControlApi;
  loginLink(): string | undefined;
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export interface DesktopControllerOptions {
  ports: DesktopPorts;
  prefs: DesktopPrefsService;
  updates: { checkNow(): Promise<CheckOutcome> };
  productName: string;
}

export interface DesktopController {
  /** The host this controller drives; set once, after the host is made with the controller's callbacks. */
  attach(host: ControlledHost): void;
  onGatewayState(state: GatewayState): void;
  onGatewayEvent(message: ControlEventMessage): void;
  onUpdateCheck(event: { kind: 'checking' } | CheckOutcome): void;
  onUpdateDownloaded(version: string): void;
  updateStatus(): UpdateStatus;
  onTrayAction(action: TrayAction): void;
  /** Redraws the tray now (after a preference change). */
  refreshTray(): void;
  stop(): void;
}

/** Quota and health events redraw the tray this soon: the issue asks for under a second. */
export const EVENT_REFRESH_MS = 250;
/** Finished requests redraw it at most this often. */
export const REQUEST_REFRESH_MS = 1_000;
/** The countdowns in the menu move on this often. */
export const COUNTDOWN_REFRESH_MS = 60_000;

export function createDesktopController(options: DesktopControllerOptions): DesktopController {
  const { ports, prefs } = options;
  let host: ControlledHost | undefined;
  let policy: PolicyState = INITIAL_POLICY_STATE;
  let update: UpdateStatus = { state: 'idle', version: null, lastCheckedAt: null };
  let stopped = false;

  // --- the tray ---
  let refreshTimer: { handle: unknown; dueAt: number } | undefined;
  let countdownTimer: unknown;
  let drawing = 0;

  /** Redraws after `delayMs`, or sooner when a redraw is already due sooner. */
  const refreshIn = (delayMs: number) => {
    if (stopped) return;
    const dueAt = ports.now() + delayMs;
    if (refreshTimer && refreshTimer.dueAt <= dueAt) return;
    if (refreshTimer) ports.timers.clearTimeout(refreshTimer.handle);
    refreshTimer = {
      dueAt,
      handle: ports.timers.setTimeout(() => {
        refreshTimer = undefined;
        void draw();
      }, delayMs),
    };
  };

  const draw = async () => {
    if (!host || stopped) return;
    // A slower earlier read must not overwrite a newer one.
    const mine = ++drawing;
    const input = await readTrayInput(host, prefs.prefs().openAtLogin, update, options.productName, ports);
    if (mine !== drawing || stopped) return;
    ports.showTray(buildTrayModel(input));
    ports.timers.clearTimeout(countdownTimer);
    countdownTimer = ports.timers.setTimeout(() => void draw(), COUNTDOWN_REFRESH_MS);
  };

  // --- notifications ---
  const consider = (event: DesktopEvent) => {
    const decision = decideNotification(policy, event, prefs.prefs().notifications, ports.now());
    policy = decision.state;
    if ('notify' in decision) {
      const { route } = decision.notify;
      ports.notify(decision.notify, () => ports.showDashboard(route));
    }
  };

  // --- tray actions ---
  const act = async (action: TrayAction): Promise<void> => {
    const current = host;
    switch (action.kind) {
      case 'open-dashboard':
        return ports.showDashboard();
      case 'open-in-browser': {
        const link = current?.loginLink();
        if (link) ports.openExternal(link);
        return;
      }
      case 'copy-url': {
        const state = current?.state();
        if (state?.kind === 'running' && state.status.listening) ports.copyText(state.status.listening.url);
        return;
      }
      case 'pause':
        return current?.pause();
      case 'resume':
        return current?.resume();
      case 'quit':
        return ports.quit();
      case 'install-update':
        return ports.installUpdate();
      case 'check-updates': {
        // The user asked: the answer is shown whatever the notification switches say.
        const answer = describeCheck(await options.updates.checkNow());
        ports.notify({ kind: 'updateReady', title: answer.title, body: answer.body, route: '/settings' }, () => ports.showDashboard('/settings'));
        return;
      }
      case 'set-open-at-login':
        await prefs.update({ openAtLogin: action.enabled });
        return;
      case 'set-account-enabled':
        await current?.control.call('connections.update', { id: action.connectionId, enabled: action.enabled }, 'desktop tray');
        return refreshIn(0);
      case 'set-default-combo':
        if (action.combo === null) await current?.control.call('aliases.delete', { from: DEFAULT_COMBO_ALIAS }, 'desktop tray');
        else await current?.control.call('aliases.set', { from: DEFAULT_COMBO_ALIAS, to: action.combo }, 'desktop tray');
        return refreshIn(0);
    }
  };

  return {
    attach(h) {
      host = h;
    },
    onGatewayState(state) {
      // Drawn at once from what is known, then again with the accounts read.
      ports.showTray(buildTrayModel({ ...emptyInput(state, prefs.prefs().openAtLogin, update, options.productName, ports.now()) }));
      if (state.kind === 'running' && state.status.listening) {
        consider({ type: 'listening', host: state.status.listening.host, url: state.status.listening.url });
        refreshIn(0);
      }
    },
    onGatewayEvent(message) {
      switch (message.name) {
        case 'quota.changed':
          consider({ type: 'quota', quota: message.payload });
          return refreshIn(EVENT_REFRESH_MS);
        case 'health.changed':
          consider({ type: 'health', health: message.payload });
          return refreshIn(EVENT_REFRESH_MS);
        case 'request.finished':
          return refreshIn(REQUEST_REFRESH_MS);
        case 'playground.progress':
          // The dashboard's own run: its request.finished redraws the tray; the deltas change nothing there.
          return;
      }
    },
    onUpdateCheck(event) {
      if (event.kind === 'checking') update = { ...update, state: 'checking' };
      else if (event.kind === 'failed') update = { ...update, state: 'failed', lastCheckedAt: ports.now() };
      else if (update.state !== 'downloaded') update = { ...update, state: 'up-to-date', lastCheckedAt: ports.now() };
      else update = { ...update, lastCheckedAt: ports.now() };
    },
    onUpdateDownloaded(version) {
      update = { state: 'downloaded', version, lastCheckedAt: update.lastCheckedAt ?? ports.now() };
      consider({ type: 'update-downloaded', version });
      refreshIn(0);
    },
    updateStatus: () => update,
    onTrayAction(action) {
      act(action).catch((err: unknown) => ports.log(`Tray: ${action.kind} failed: ${err instanceof Error ? err.message : String(err)}`));
    },
    refreshTray: () => refreshIn(0),
    stop() {
      stopped = true;
      if (refreshTimer) ports.timers.clearTimeout(refreshTimer.handle);
      ports.timers.clearTimeout(countdownTimer);
    },
  };
}

function emptyInput(gateway: GatewayState, openAtLogin: boolean, update: UpdateStatus, productName: string, now: number): TrayInput {
  return {
    gateway,
    connections: [],
    quota: [],
    combos: [],
    defaultAlias: null,
    openAtLogin,
    updateReady: update.state === 'downloaded' ? update.version : null,
    productName,
    now,
  };
}

/** What the tray shows, read from the running gateway; only the gateway state otherwise. */
async function readTrayInput(host: ControlledHost, openAtLogin: boolean, update: UpdateStatus, productName: string, ports: DesktopPorts): Promise<TrayInput> {
  const gateway = host.state();
  const base = emptyInput(gateway, openAtLogin, update, productName, ports.now());
  if (gateway.kind !== 'running') return base;
  try {
    const [status, connections, quota, combos, aliases] = await Promise.all([
      host.control.call('gateway.status', {}),
      host.control.call('connections.list', {}),
      host.control.call('quota.status', {}),
      host.control.call('combos.list', {}),
      host.control.call('aliases.list', {}),
    ]);
    const alias = aliases.find((a) => a.from === DEFAULT_COMBO_ALIAS);
    return {
      ...base,
      gateway: { kind: 'running', status },
      connections,
      quota: quota.connections,
      combos,
      defaultAlias: alias ? { to: alias.to, fromFile: alias.source === 'file' } : null,
    };
  } catch (err) {
    // A gateway stopping under us: show its state without the accounts rather than nothing.
    ports.log(`Tray: could not read the accounts: ${err instanceof Error ? err.message : String(err)}`);
    return base;
  }
}

/** What a check the user asked for found, in words. */
function describeCheck(outcome: CheckOutcome): { title: string; body: string } {
  switch (outcome.kind) {
    case 'up-to-date':
      return { title: 'No update', body: 'This is the newest version.' };
    case 'available':
      return { title: `Update ${outcome.version} found`, body: 'It downloads in the background; you will be told when it is ready.' };
    case 'unsupported':
      return { title: 'This copy does not update itself', body: 'Updates come with the installers (AppImage, DMG, NSIS, deb); a development run or a tar.gz is updated by hand.' };
    case 'failed':
      return { title: 'Could not check for updates', body: outcome.message };
  }
}
