/**
 * Who may use the control API over HTTP (`/api/*`, `/api/events`): a browser holding a
 * session made from a login link, from this machine as from any other. Loopback is no
 * credential: every local process and OS user reaches 127.0.0.1. Gateway API keys are no
 * credential either: they are handed to coding tools to spend quota, not to read the
 * accounts' keys. The desktop window calls the same methods over IPC and never needs this.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLoginToken, loginUrl, LOGIN_LINK_TTL_MS, redeemLoginToken } from './login-links.js';
import {
  createManagementSessions,
  CSRF_COOKIE,
  CSRF_HEADER,
  RECENT_LOGIN_MS,
  sameSecret,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  csrfTokenFor,
  type Session,
} from './management-sessions.js';

/**
 * Methods that hand out every account's key (sealed with a passphrase the caller picks) or
 * replace the configuration wholesale. Over HTTP they need a login from the last few
 * minutes: the user's confirmation that a stolen session, or a script injected into the
 * dashboard, cannot give, since it needs a new link from the data dir.
 */
export const CONFIRMED_METHODS: ReadonlySet<string> = new Set(['config.export', 'config.import', 'backup.create', 'backup.restore']);

export type ManagementVerdict =
  | { ok: true; session: Session }
  | { ok: false; status: 401 | 403; code: 'unauthenticated' | 'forbidden'; message: string };

export interface ManagementAuth {
  /** Judges a control request; `method` is the control method for POST /api/<method>, undefined for the event stream. */
  check(req: IncomingMessage, method: string | undefined): ManagementVerdict;
  /** Serves GET /login?token=…: a session cookie and a redirect to the dashboard, or a refusal. */
  handleLogin(req: IncomingMessage, res: ServerResponse, url: string): void;
  /** Serves POST /logout: ends the session the cookie names (CSRF-checked like any change). */
  handleLogout(req: IncomingMessage, res: ServerResponse): void;
  /** Mints a one-time login link on `baseUrl` (what `serve` prints and the tray opens). */
  loginLink(baseUrl: string): string;
}

export const LOGIN_HINT = 'Open the one-time login link that `npm run serve` printed, or get a new one with `npm run serve -- login-link`.';

export function createManagementAuth(opts: { dataDir: string; now?: () => number }): ManagementAuth {
  const now = opts.now ?? Date.now;
  const sessions = createManagementSessions(opts.dataDir);

  return {
    check(req, method) {
      const id = cookieValue(req.headers.cookie, SESSION_COOKIE);
      const session = id === undefined ? undefined : sessions.find(id, now());
      if (id === undefined || session === undefined) {
        return { ok: false, status: 401, code: 'unauthenticated', message: `The control API needs a dashboard login. ${LOGIN_HINT}` };
      }
      if (req.method !== 'GET') {
        const sent = req.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, csrfTokenFor(id))) {
          return { ok: false, status: 403, code: 'forbidden', message: `Send the session's CSRF token (the ${CSRF_COOKIE} cookie) in the ${CSRF_HEADER} header.` };
        }
      }
      if (method !== undefined && CONFIRMED_METHODS.has(method) && now() - session.loginAt > RECENT_LOGIN_MS) {
        return {
          status: 403,
          ok: false,
          code: 'forbidden',
          message: `${method} hands out or replaces your keys, so it needs a login from the last ${RECENT_LOGIN_MS / 60_000} minutes to confirm it is you. Get a new link with \`npm run serve -- login-link\` (or from the tray), open it, then retry.`,
        };
      }
      return { ok: true, session };
    },

    handleLogin(req, res, url) {
      const token = new URLSearchParams(url.slice(url.indexOf('?') + 1)).get('token') ?? '';
      const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8', ...noStore }).end('Open the login link in a browser.\n');
        return;
      }
      if (!url.includes('?') || !redeemLoginToken(opts.dataDir, token, now())) {
        res
          .writeHead(401, { 'content-type': 'text/plain; charset=utf-8', ...noStore })
          .end(`This login link is not valid: each link works once, for ${LOGIN_LINK_TTL_MS / 60_000} minutes. Get a new one with \`npm run serve -- login-link\`.\n`);
        return;
      }
      const made = sessions.create(now());
      const maxAge = Math.floor(SESSION_TTL_MS / 1000);
      res.writeHead(303, {
        location: '/',
        'set-cookie': [
          `${SESSION_COOKIE}=${made.id}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict`,
          // Readable by the dashboard's own script, which echoes it in the CSRF header.
          `${CSRF_COOKIE}=${made.csrf}; Path=/; Max-Age=${maxAge}; SameSite=Strict`,
        ],
        ...noStore,
      });
      res.end();
    },

    handleLogout(req, res) {
      const noStore = { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' };
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', ...noStore }).end('{"error":{"code":"invalid_input","message":"Log out with POST."}}');
        return;
      }
      const verdict = this.check(req, undefined);
      if (!verdict.ok) {
        res.writeHead(verdict.status, noStore).end(JSON.stringify({ error: { code: verdict.code, message: verdict.message } }));
        return;
      }
      sessions.revoke(cookieValue(req.headers.cookie, SESSION_COOKIE) ?? '');
      res.writeHead(204, {
        'set-cookie': [`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`, `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict`],
        ...noStore,
      });
      res.end();
    },

    loginLink(baseUrl) {
      return loginUrl(baseUrl, createLoginToken(opts.dataDir, now()));
    },
  };
}

/** One cookie's value from a Cookie header; undefined when absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** Where a browser on this machine reaches a gateway bound to `host`: a wildcard bind is reached on loopback. */
export function browserBaseUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
