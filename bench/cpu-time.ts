/** CPU time of another process, from Linux's /proc/<pid>/stat. */
import { readFile } from 'node:fs/promises';

/** Linux reports /proc times in USER_HZ, which is 100 on every architecture it supports. */
const TICKS_PER_SECOND = 100;

/** User + system CPU time in ms, from the text of /proc/<pid>/stat. */
export function parseCpuMs(stat: string): number {
  // The command name (field 2) may contain spaces and parentheses; fields resume after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

export async function readCpuMs(pid: number): Promise<number> {
  return parseCpuMs(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * Waits until none of the processes uses more than one tick of CPU in `windowMs`, so work a
 * process deferred (a request-log flush after a burst) does not spill into the next
 * measurement. Gives up after `maxMs`.
 */
export async function waitQuiet(pids: number[], opts: { windowMs: number; maxMs: number }): Promise<void> {
  const deadline = Date.now() + opts.maxMs;
  const tick = 1000 / TICKS_PER_SECOND;
  let before = await Promise.all(pids.map(readCpuMs));
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, opts.windowMs));
    const after = await Promise.all(pids.map(readCpuMs));
    if (after.every((ms, i) => ms - (before[i] ?? 0) <= tick)) return;
    before = after;
  }
}

/**
 * CPU time the whole machine spent busy (all cores: user, nice, system, irq, softirq, steal),
 * in ms, from the first line of /proc/stat. Guest time is already inside user time.
 */
export function parseSystemBusyMs(stat: string): number {
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error('unreadable /proc/stat');
  const [user, nice, system, , , irq, softirq, steal] = fields.slice(1, 9).map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return (busy * 1000) / TICKS_PER_SECOND;
}

export async function readSystemBusyMs(): Promise<number> {
  return parseSystemBusyMs(await readFile('/proc/stat', 'utf8'));
}
