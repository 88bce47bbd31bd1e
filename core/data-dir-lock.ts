import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayStartError } from './gateway-start-error.js';

/**
 * One gateway per data dir. Two processes on one database would both sync the config,
 * prune the log and restore each other's backups under them; the second one to start is
 * refused, naming the first. The lock is a file holding the owner's pid; a lock whose pid no
 * longer runs (a crash, kill -9) is stale and taken over.
 */
export const LOCK_FILE_NAME = 'gateway.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** Tries a few times: each round either takes the lock, finds a live owner, or clears a stale lock. */
const MAX_ROUNDS = 5;

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  const pid = process.pid;
  // Written whole to a private name, then linked into place: link fails if the lock exists,
  // and a reader never sees a half-written pid.
  const tmp = `${path}.${pid}.${Date.now()}`;
  writeFileSync(tmp, `${pid}\n`, { mode: 0o600 });
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      try {
        linkSync(tmp, path);
        return lockHandle(path, pid);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readPid(path);
      if (owner !== undefined && isAlive(owner)) {
        throw new GatewayStartError(
          `Another OmniRoute gateway (pid ${owner}) is using ${dataDir}; stop it or use --data-dir. (If no gateway runs as pid ${owner}, delete ${path}.)`,
        );
      }
      // Stale (or unreadable after a crash mid-write before this scheme). Move it aside
      // atomically so two processes clearing it at once cannot delete each other's new lock.
      const aside = `${path}.stale.${pid}`;
      try {
        renameSync(path, aside);
      } catch {
        continue; // someone else moved it first
      }
      const moved = readPid(aside);
      if (moved !== owner && moved !== undefined && isAlive(moved)) {
        // We took a lock a live process had just made: give it back if nothing replaced it.
        try {
          linkSync(aside, path);
        } catch {
          /* another owner in place already; that one wins */
        }
      }
      unlinkSync(aside);
    }
    throw new GatewayStartError(`Could not take the lock ${path}: it keeps changing. Is another gateway starting on ${dataDir}?`);
  } finally {
    unlinkSync(tmp);
  }
}

function lockHandle(path: string, pid: number): DataDirLock {
  let held = true;
  // A process that exits without stop() (Ctrl-C with no handler, an uncaught error) still
  // frees the lock; a kill -9 leaves it, and the next start sees the dead pid.
  const onExit = () => release();
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', onExit);
    try {
      if (readPid(path) === pid) unlinkSync(path);
    } catch {
      /* already gone */
    }
  };
  process.on('exit', onExit);
  return { path, release };
}

function readPid(path: string): number | undefined {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
