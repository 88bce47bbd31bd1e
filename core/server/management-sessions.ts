/**
 * Browser sessions of the dashboard served over HTTP, made by redeeming a login link. The
 * cookie holds a random session id; the gateway keeps only its hash, in a 0600 file in the
 * data dir, so sessions survive a restart and a copy of the file logs nobody in.
 *
 * CSRF: the session's CSRF token is derived from the session id (a hash nobody can compute
 * without the id). The login hands it to the page in a second, script-readable cookie; every
 * state-changing call must echo it in a header. A foreign page can neither read our cookies
 * nor send a custom header without a CORS preflight, which the gateway never grants.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SESSION_COOKIE = 'omniroute_session';
export const CSRF_COOKIE = 'omniroute_csrf';
export const CSRF_HEADER = 'x-omniroute-csrf';
export const SESSION_FILE = 'management-sessions.json';
export const SESSION_TTL_MS = 30 * 24 * 3_600_000;
/** Key export, backup and restore over HTTP need a login this recent (see management-auth.ts). */
export const RECENT_LOGIN_MS = 5 * 60_000;
/** Oldest sessions are dropped beyond this many, so logging in in a loop cannot grow the file. */
const MAX_SESSIONS = 32;

export interface Session {
  idHash: string;
  loginAt: number;
  expiresAt: number;
}

export interface ManagementSessions {
  /** A new session; returns the id for the cookie (only its hash is kept). */
  create(now: number): { id: string; csrf: string; session: Session };
  find(id: string, now: number): Session | undefined;
  revoke(id: string): void;
}

export function csrfTokenFor(sessionId: string): string {
  return createHash('sha256').update(`csrf:${sessionId}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function createManagementSessions(dataDir: string): ManagementSessions {
  const path = join(dataDir, SESSION_FILE);
  let sessions = load(path);

  const save = () => {
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(sessions), { mode: 0o600 });
    renameSync(tmp, path);
  };

  return {
    create(now) {
      const id = randomBytes(32).toString('base64url');
      const session: Session = { idHash: hashId(id), loginAt: now, expiresAt: now + SESSION_TTL_MS };
      sessions = [...sessions.filter((s) => s.expiresAt > now), session].slice(-MAX_SESSIONS);
      save();
      return { id, csrf: csrfTokenFor(id), session };
    },
    find(id, now) {
      if (id === '' || id.length > 100) return undefined;
      const wanted = hashId(id);
      return sessions.find((s) => s.idHash === wanted && s.expiresAt > now);
    },
    revoke(id) {
      const wanted = hashId(id);
      const kept = sessions.filter((s) => s.idHash !== wanted);
      if (kept.length === sessions.length) return;
      sessions = kept;
      save();
    },
  };
}

/** A missing or unreadable file is no sessions: everyone logs in again, nobody is let in. */
function load(path: string): Session[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (s): s is Session =>
      typeof s === 'object' && s !== null && typeof s.idHash === 'string' && typeof s.loginAt === 'number' && typeof s.expiresAt === 'number',
  );
}
