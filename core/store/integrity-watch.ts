/**
 * The background integrity check the gateway runs once it listens: SQLite's integrity_check
 * over both files, off the event loop (a large log takes seconds). A damaged log is moved
 * aside and a new one started at once, so requests keep being logged; a damaged
 * configuration file cannot be swapped from under the gateway, so the user is told where
 * their backups are.
 */
import { dirname, join } from 'node:path';
import type { Store } from './index.js';

export interface IntegrityOutcome {
  /** SQLite's messages per file; empty when sound. */
  config: string[];
  log: string[];
  /** Where the damaged log went, when it was replaced. */
  logMovedTo?: string;
}

export async function watchStoreIntegrity(store: Pick<Store, 'path' | 'requestLogPath' | 'checkIntegrity' | 'replaceRequestLog'>, warn: (message: string) => void): Promise<IntegrityOutcome> {
  const report = await store.checkIntegrity();
  const outcome: IntegrityOutcome = { ...report };
  if (report.log.length > 0) {
    outcome.logMovedTo = await store.replaceRequestLog();
    warn(
      `omniroute: the request log ${store.requestLogPath} is damaged (${report.log[0]}); it was moved to ${outcome.logMovedTo} and a new log started. Your configuration is not affected.`,
    );
  }
  if (report.config.length > 0) {
    warn(
      `omniroute: the configuration database ${store.path} is damaged (${report.config[0]}). The gateway keeps running on what it loaded; export your configuration now, then restore the newest backup from ${join(dirname(store.path), 'backups')}.`,
    );
  }
  return outcome;
}
