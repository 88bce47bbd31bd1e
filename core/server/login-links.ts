/**
 * One-time login links for the browser dashboard. Having one proves the holder can write to
 * the data dir (0700, the user's alone), which is what a management credential must prove:
 * `serve` prints one when it starts, `serve login-link` (another process, the gateway still
 * running) mints another, the desktop tray opens one. A link is a random token; only its hash
 * is stored, one file per link in <dataDir>/login-links, so any process of the user can add
 * one without talking to the gateway, and redeeming it deletes the file (used once).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOGIN_LINK_DIR = 'login-links';
/** Long enough to copy a link out of a terminal or log, short enough that an old log line is no key. */
export const LOGIN_LINK_TTL_MS = 15 * 60_000;
export const LOGIN_PATH = '/login';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Writes a new single-use token and returns it (never stored in the clear). */
export function createLoginToken(dataDir: string, now: number = Date.now(), ttlMs: number = LOGIN_LINK_TTL_MS): string {
  const dir = join(dataDir, LOGIN_LINK_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  pruneExpired(dir, now);
  const token = randomBytes(32).toString('base64url');
  writeFileSync(join(dir, tokenHash(token)), JSON.stringify({ expiresAt: now + ttlMs }), { mode: 0o600, flag: 'wx' });
  return token;
}

/** The URL a browser opens to log in, on the gateway's listening address. */
export function loginUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}${LOGIN_PATH}?token=${token}`;
}

/**
 * True once per valid, unexpired token. The file is deleted before the answer is given, so
 * two requests racing with one token cannot both succeed (only one unlink finds the file).
 */
export function redeemLoginToken(dataDir: string, token: string, now: number = Date.now()): boolean {
  if (!TOKEN.test(token)) return false;
  const path = join(dataDir, LOGIN_LINK_DIR, tokenHash(token));
  let expiresAt: unknown;
  try {
    expiresAt = (JSON.parse(readFileSync(path, 'utf8')) as { expiresAt?: unknown }).expiresAt;
    unlinkSync(path);
  } catch {
    return false;
  }
  return typeof expiresAt === 'number' && now < expiresAt;
}

function pruneExpired(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      const { expiresAt } = JSON.parse(readFileSync(path, 'utf8')) as { expiresAt?: unknown };
      if (typeof expiresAt !== 'number' || expiresAt <= now) unlinkSync(path);
    } catch {
      // Unreadable or already gone: not ours to worry about.
    }
  }
}
