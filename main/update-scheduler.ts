/**
 * When the app asks its release feed for a newer version: shortly after start and then
 * daily while the setting is on, and whenever the user asks from the tray. Checking must
 * never hold up or disturb the app: start() only sets a timer, the updater is loaded on
 * the first check (so with checks off it is never imported), an offline machine gets one
 * log line rather than one a day, and a check that never answers is given up on.
 * The updater itself (main/electron-updater-port.ts) downloads what it finds and installs
 * it on quit; this module only decides when to ask.
 */

/** What the feed said. */
export type FeedAnswer =
  | { kind: 'up-to-date' }
  /** Newer version found; the updater downloads it in the background and reports it through onDownloaded. */
  | { kind: 'available'; version: string }
  /**
   * This copy does not update itself, so nobody was asked: a development run (not packaged)
   * or a Linux install that is not an AppImage (the tar.gz), which electron-updater skips.
   */
  | { kind: 'unsupported' };

export type CheckOutcome = FeedAnswer | { kind: 'failed'; message: string };

/** The updater as this module needs it; main/electron-updater-port.ts adapts electron-updater. */
export interface UpdaterPort {
  /** Rejects when the feed cannot be asked (offline, feed missing, bad answer). */
  check(): Promise<FeedAnswer>;
  /** A downloaded update, ready to install on quit. */
  onDownloaded(listener: (version: string) => void): void;
  /** Failures outside a check's own answer too, such as a download that broke off. */
  onError(listener: (err: Error) => void): void;
  /** Quits the app and installs the downloaded update now (the user asked from the tray). */
  install(): void;
}

/** setTimeout/clearTimeout, injected so tests run on a fake clock. */
export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdateSchedulerOptions {
  loadPort: () => Promise<UpdaterPort>;
  timers: SchedulerTimers;
  /** Whether the start-up and daily checks run; checkNow() runs either way (the user asked). */
  enabled: boolean;
  /** From start() (or turning checks on) to the first check. */
  startDelayMs?: number;
  intervalMs?: number;
  /** How long a check may go unanswered before it counts as failed. */
  checkTimeoutMs?: number;
  onDownloaded(version: string): void;
  log(message: string): void;
  /** Each check as it starts and ends, scheduled or asked for: the Settings page shows the last one. */
  onCheck?(event: { kind: 'checking' } | CheckOutcome): void;
}

export interface UpdateScheduler {
  /** Returns at once; only sets the timer for the first check when checks are on. */
  start(): void;
  setEnabled(enabled: boolean): void;
  /** The user's "Check for updates now": runs even with checks off, joins a check already running. */
  checkNow(): Promise<CheckOutcome>;
  /** For quit: clears timers, settles a running check as failed, ignores the updater from now on. */
  stop(): void;
  /** Quits and installs a downloaded update; false when none was downloaded (nothing happens). */
  installNow(): Promise<boolean>;
}

// Start-up work (gateway, tray, window) goes first; the feed can wait.
export const DEFAULT_START_DELAY_MS = 15_000;
export const DEFAULT_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CHECK_TIMEOUT_MS = 5 * 60 * 1000;

export function createUpdateScheduler(options: UpdateSchedulerOptions): UpdateScheduler {
  const { timers, log } = options;
  const startDelayMs = options.startDelayMs ?? DEFAULT_START_DELAY_MS;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const checkTimeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;

  let enabled = options.enabled;
  let started = false;
  let stopped = false;
  let nextCheck: unknown;
  let hasNextCheck = false;
  let port: Promise<UpdaterPort> | undefined;
  let running: { outcome: Promise<CheckOutcome>; abandon(message: string): void } | undefined;
  // The failure last logged; the same one again is not repeated until a check succeeds.
  let lastFailure: string | undefined;
  const announced = new Set<string>();

  const reportFailure = (message: string) => {
    if (stopped || message === lastFailure) return;
    lastFailure = message;
    log(`Update check failed: ${message}`);
  };

  const loadPort = (): Promise<UpdaterPort> => {
    port ??= options.loadPort().then(
      (loaded) => {
        loaded.onDownloaded((version) => {
          if (stopped || announced.has(version)) return;
          announced.add(version);
          options.onDownloaded(version);
        });
        loaded.onError((err) => reportFailure(describeFailure(err)));
        return loaded;
      },
      (err: unknown) => {
        // Loading is tried again at the next check rather than failing for the whole run.
        port = undefined;
        throw err;
      },
    );
    return port;
  };

  const runCheck = (): Promise<CheckOutcome> => {
    if (running) return running.outcome;
    let settle: (outcome: CheckOutcome) => void = () => {};
    const outcome = new Promise<CheckOutcome>((resolve) => (settle = resolve));
    let timeBox: unknown;
    let settled = false;
    const finish = (result: CheckOutcome) => {
      // A late answer after the time box (or stop) has nothing left to settle.
      if (settled) return;
      settled = true;
      timers.clearTimeout(timeBox);
      running = undefined;
      if (result.kind === 'failed') reportFailure(result.message);
      else lastFailure = undefined;
      if (!stopped) options.onCheck?.(result);
      settle(result);
    };
    const abandon = (message: string) => finish({ kind: 'failed', message });
    running = { outcome, abandon };
    options.onCheck?.({ kind: 'checking' });
    timeBox = timers.setTimeout(() => abandon(`no answer from the update feed within ${formatDuration(checkTimeoutMs)}`), checkTimeoutMs);
    // Through a promise, so even a loader that throws at once only fails this check.
    Promise.resolve()
      .then(loadPort)
      .then((loaded) => loaded.check())
      .then(finish, (err: unknown) => abandon(describeFailure(err)));
    return outcome;
  };

  const clearNextCheck = () => {
    if (hasNextCheck) timers.clearTimeout(nextCheck);
    hasNextCheck = false;
  };

  const scheduleCheck = (delayMs: number) => {
    clearNextCheck();
    if (stopped || !started || !enabled) return;
    hasNextCheck = true;
    nextCheck = timers.setTimeout(() => {
      hasNextCheck = false;
      // The next slot is fixed now, whatever this check does: a failure waits for it, no retry loop.
      scheduleCheck(intervalMs);
      // A check still running is joined, so a slot due during it makes no second request.
      void runCheck();
    }, delayMs);
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      scheduleCheck(startDelayMs);
    },
    setEnabled(next) {
      if (next === enabled) return;
      enabled = next;
      if (enabled) scheduleCheck(startDelayMs);
      else clearNextCheck();
    },
    checkNow() {
      if (stopped) return Promise.resolve({ kind: 'failed', message: 'update checks have stopped' });
      return runCheck();
    },
    async installNow() {
      if (announced.size === 0 || !port) return false;
      (await port).install();
      return true;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearNextCheck();
      running?.abandon('update checks have stopped');
    },
  };
}

/**
 * One short line for the log and the tray: the first line of the message (never the stack),
 * with the error code when the message leaves it out.
 */
export function describeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const firstLine = (message.split('\n', 1)[0] ?? '').trim();
  const line = code && !firstLine.includes(code) ? `${code}: ${firstLine}` : firstLine;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line || 'unknown error';
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
