import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createUpdateScheduler,
  describeFailure,
  type FeedAnswer,
  type SchedulerTimers,
  type UpdaterPort,
  type UpdateSchedulerOptions,
} from './update-scheduler.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Timers that fire only when the test moves the clock. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: SchedulerTimers = {
    setTimeout(callback, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      if (typeof handle === 'number') pending.delete(handle);
    },
  };
  /** Moves time forward, firing due timers in order and letting promises settle after each. */
  async function advance(ms: number): Promise<void> {
    const until = now + ms;
    await settle();
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of pending) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].callback();
      await settle();
    }
    now = until;
  }
  return { timers, advance, pendingCount: () => pending.size, now: () => now };
}

/** Lets chained promise callbacks run; no real time passes. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A port whose checks the test answers one by one. */
function fakePort() {
  const checks: Array<{ resolve(answer: FeedAnswer): void; reject(err: Error): void }> = [];
  const downloaded: Array<(version: string) => void> = [];
  const errors: Array<(err: Error) => void> = [];
  const installs: number[] = [];
  const port: UpdaterPort = {
    check: () => new Promise<FeedAnswer>((resolve, reject) => checks.push({ resolve, reject })),
    onDownloaded: (listener) => void downloaded.push(listener),
    onError: (listener) => void errors.push(listener),
    install: () => void installs.push(1),
  };
  const lastCheck = () => {
    const check = checks[checks.length - 1];
    assert.ok(check, 'a check was made');
    return check;
  };
  return {
    port,
    checks,
    answer: (answer: FeedAnswer = { kind: 'up-to-date' }) => lastCheck().resolve(answer),
    fail: (err: Error) => lastCheck().reject(err),
    emitDownloaded: (version: string) => downloaded.forEach((l) => l(version)),
    emitError: (err: Error) => errors.forEach((l) => l(err)),
    installs: () => installs.length,
  };
}

function setup(overrides: Partial<UpdateSchedulerOptions> = {}) {
  const clock = fakeClock();
  const feed = fakePort();
  let loads = 0;
  const logs: string[] = [];
  const downloads: string[] = [];
  const scheduler = createUpdateScheduler({
    loadPort: async () => {
      loads++;
      return feed.port;
    },
    timers: clock.timers,
    enabled: true,
    onDownloaded: (version) => downloads.push(version),
    log: (message) => logs.push(message),
    ...overrides,
  });
  return { clock, feed, scheduler, logs, downloads, loads: () => loads };
}

/** Like electron-updater's net errors: a code, a host in the message, and a stack. */
function offlineError(): Error {
  return Object.assign(new Error('getaddrinfo ENOTFOUND api.github.com'), { code: 'ENOTFOUND' });
}

test('with checks off, start schedules nothing and never loads the updater', async () => {
  const { clock, feed, scheduler, loads } = setup({ enabled: false });
  scheduler.start();
  assert.equal(clock.pendingCount(), 0);
  await clock.advance(30 * DAY);
  assert.equal(loads(), 0);
  assert.equal(feed.checks.length, 0);
});

test('with checks on, start returns at once; the first check comes after the start delay, then one a day', async () => {
  const { clock, feed, scheduler, loads } = setup();
  scheduler.start();
  assert.equal(loads(), 0, 'start only sets a timer');

  await clock.advance(15 * SECOND - 1);
  assert.equal(loads(), 0);
  await clock.advance(1);
  assert.equal(loads(), 1);
  assert.equal(feed.checks.length, 1);
  feed.answer();

  await clock.advance(DAY - 1);
  assert.equal(feed.checks.length, 1);
  await clock.advance(1);
  assert.equal(feed.checks.length, 2);
  feed.answer({ kind: 'available', version: '1.1.0' });

  await clock.advance(DAY);
  assert.equal(feed.checks.length, 3);
  assert.equal(loads(), 1, 'the updater is loaded once');
});

test('one check at a time: a daily slot during a check is skipped and checkNow joins the running check', async () => {
  const { clock, feed, scheduler } = setup({ startDelayMs: 10, intervalMs: MINUTE, checkTimeoutMs: 10 * MINUTE });
  scheduler.start();
  await clock.advance(10);
  assert.equal(feed.checks.length, 1);

  await clock.advance(MINUTE);
  assert.equal(feed.checks.length, 1, 'the slot due while the check runs is skipped');
  const joined = scheduler.checkNow();
  await clock.advance(0);
  assert.equal(feed.checks.length, 1, 'checkNow does not start a second check');

  feed.answer({ kind: 'available', version: '2.0.0' });
  assert.deepEqual(await joined, { kind: 'available', version: '2.0.0' });

  await clock.advance(MINUTE);
  assert.equal(feed.checks.length, 2, 'the next slot checks again');
});

test('offline: a failed check logs one short line, not again while the same failure repeats, and waits for the next slot', async () => {
  const { clock, feed, scheduler, logs } = setup();
  scheduler.start();
  await clock.advance(15 * SECOND);

  // electron-updater emits 'error' and then rejects the check with the same error.
  const err = offlineError();
  feed.emitError(err);
  feed.fail(err);
  await clock.advance(0);
  assert.deepEqual(logs, ['Update check failed: getaddrinfo ENOTFOUND api.github.com']);

  await clock.advance(DAY - 1);
  assert.equal(feed.checks.length, 1, 'no retry before the next daily slot');

  for (let day = 0; day < 3; day++) {
    await clock.advance(day === 0 ? 1 : DAY);
    feed.emitError(offlineError());
    feed.fail(offlineError());
  }
  await clock.advance(0);
  assert.equal(feed.checks.length, 4);
  assert.equal(logs.length, 1, 'the same failure in a row is logged once');

  // Back online, then offline again: that is news and is logged again.
  await clock.advance(DAY);
  feed.answer();
  await clock.advance(DAY);
  feed.fail(offlineError());
  await clock.advance(0);
  assert.equal(logs.length, 2);
  assert.ok(logs.every((line) => !line.includes('\n') && !line.includes(' at ')), 'no stack in the log');
});

test('a check that never answers is given up after the time box, and the next day checks again', async () => {
  const { clock, feed, scheduler, logs } = setup();
  scheduler.start();
  await clock.advance(15 * SECOND);
  assert.equal(feed.checks.length, 1);

  await clock.advance(5 * MINUTE - 1);
  assert.equal(logs.length, 0);
  await clock.advance(1);
  assert.deepEqual(logs, ['Update check failed: no answer from the update feed within 5 min']);

  // Not stuck: a manual check is a new check, and so is the next daily slot.
  const manual = scheduler.checkNow();
  await clock.advance(0);
  assert.equal(feed.checks.length, 2);
  feed.answer();
  assert.deepEqual(await manual, { kind: 'up-to-date' });

  await clock.advance(DAY);
  assert.equal(feed.checks.length, 3);
});

test('a late answer to a timed-out check changes nothing', async () => {
  const { clock, feed, scheduler } = setup();
  const outcome = scheduler.checkNow();
  await clock.advance(5 * MINUTE);
  const first = feed.checks[0];
  assert.ok(first);
  first.resolve({ kind: 'available', version: '9.9.9' });
  assert.deepEqual(await outcome, { kind: 'failed', message: 'no answer from the update feed within 5 min' });
});

test('checkNow runs while daily checks are off, and schedules nothing', async () => {
  const { clock, feed, scheduler, loads } = setup({ enabled: false });
  scheduler.start();
  const outcome = scheduler.checkNow();
  await clock.advance(0);
  assert.equal(loads(), 1);
  feed.answer({ kind: 'unsupported' });
  assert.deepEqual(await outcome, { kind: 'unsupported' });
  assert.equal(clock.pendingCount(), 0);

  const offline = scheduler.checkNow();
  await clock.advance(0);
  feed.fail(offlineError());
  assert.deepEqual(await offline, { kind: 'failed', message: 'getaddrinfo ENOTFOUND api.github.com' });
});

test('turning checks off clears the timer; turning them on schedules the next check after the start delay', async () => {
  const { clock, feed, scheduler } = setup();
  scheduler.start();
  scheduler.setEnabled(false);
  assert.equal(clock.pendingCount(), 0);
  await clock.advance(2 * DAY);
  assert.equal(feed.checks.length, 0);

  scheduler.setEnabled(true);
  await clock.advance(15 * SECOND);
  assert.equal(feed.checks.length, 1);
  feed.answer();
  await clock.advance(DAY);
  assert.equal(feed.checks.length, 2);
});

test('setEnabled before start only records the choice', async () => {
  const { clock, feed, scheduler } = setup({ enabled: false });
  scheduler.setEnabled(true);
  assert.equal(clock.pendingCount(), 0);
  scheduler.start();
  await clock.advance(15 * SECOND);
  assert.equal(feed.checks.length, 1);
});

test('onDownloaded fires once per version', async () => {
  const { clock, feed, scheduler, downloads } = setup();
  const outcome = scheduler.checkNow();
  await clock.advance(0);
  feed.answer({ kind: 'available', version: '1.2.0' });
  await outcome;
  feed.emitDownloaded('1.2.0');
  feed.emitDownloaded('1.2.0');
  feed.emitDownloaded('1.3.0');
  feed.emitDownloaded('1.2.0');
  assert.deepEqual(downloads, ['1.2.0', '1.3.0']);
});

test('an updater that fails to load is a failed check, logged once, and loaded again next time', async () => {
  let attempts = 0;
  const feed = fakePort();
  const { clock, scheduler, logs } = setup({
    loadPort: async () => {
      attempts++;
      if (attempts < 3) throw new Error('Cannot find module \'electron-updater\'\nRequire stack:\n- /app/main.js');
      return feed.port;
    },
  });
  scheduler.start();
  await clock.advance(15 * SECOND);
  await clock.advance(DAY);
  assert.equal(attempts, 2);
  assert.deepEqual(logs, ["Update check failed: Cannot find module 'electron-updater'"]);
  await clock.advance(DAY);
  assert.equal(feed.checks.length, 1);
});

test('a loader that throws at once fails the check instead of throwing from the timer', async () => {
  const { clock, scheduler, logs } = setup({
    loadPort: () => {
      throw new Error('broken');
    },
  });
  scheduler.start();
  await clock.advance(15 * SECOND);
  assert.deepEqual(logs, ['Update check failed: broken']);
});

test('stop clears every timer, settles a running check and ignores the updater afterwards', async () => {
  const { clock, feed, scheduler, logs, downloads } = setup();
  scheduler.start();
  await clock.advance(15 * SECOND);
  const running = scheduler.checkNow();
  scheduler.stop();
  assert.equal(clock.pendingCount(), 0, 'no daily timer and no time box left');
  assert.deepEqual(await running, { kind: 'failed', message: 'update checks have stopped' });

  feed.emitDownloaded('3.0.0');
  feed.emitError(offlineError());
  await clock.advance(30 * DAY);
  assert.equal(feed.checks.length, 1);
  assert.deepEqual(downloads, []);
  assert.deepEqual(logs, []);
  assert.equal((await scheduler.checkNow()).kind, 'failed');

  scheduler.start();
  scheduler.setEnabled(false);
  scheduler.setEnabled(true);
  assert.equal(clock.pendingCount(), 0, 'a stopped scheduler stays stopped');
});

test('describeFailure keeps the first line and adds a code the message leaves out', () => {
  const err = Object.assign(new Error('connect refused\n    at Socket.emit'), { code: 'ECONNREFUSED' });
  assert.equal(describeFailure(err), 'ECONNREFUSED: connect refused');
  assert.equal(describeFailure('plain text'), 'plain text');
  assert.equal(describeFailure(new Error('x'.repeat(500))).length, 200);
});

test('onCheck reports each check as it starts and how it ended, scheduled or asked for', async () => {
  const seen: string[] = [];
  const { clock, feed, scheduler } = setup({ startDelayMs: 10, onCheck: (e) => seen.push(e.kind === 'failed' ? `failed: ${e.message}` : e.kind) });
  scheduler.start();
  await clock.advance(10);
  feed.fail(offlineError());
  await clock.advance(0);
  const manual = scheduler.checkNow();
  await clock.advance(0);
  feed.answer({ kind: 'up-to-date' });
  await manual;
  assert.deepEqual(seen, ['checking', 'failed: getaddrinfo ENOTFOUND api.github.com', 'checking', 'up-to-date']);
  scheduler.stop();
  assert.equal(seen.length, 4, 'a stopped scheduler reports nothing more');
});

test('installNow installs only a downloaded update', async () => {
  const { clock, feed, scheduler } = setup({ startDelayMs: 10 });
  assert.equal(await scheduler.installNow(), false, 'nothing loaded, nothing downloaded');
  scheduler.start();
  await clock.advance(10);
  feed.answer({ kind: 'available', version: '2.0.0' });
  await clock.advance(0);
  assert.equal(await scheduler.installNow(), false, 'found but not downloaded yet');
  feed.emitDownloaded('2.0.0');
  assert.equal(await scheduler.installNow(), true);
  assert.equal(feed.installs(), 1);
});
