/**
 * A one-shot receiver for the authorization redirect of a native app (RFC 8252 §7.3): an HTTP
 * listener on the loopback interface that waits for the one request carrying this sign-in's
 * `state`, answers the browser a small page, and closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { statesMatch } from './pkce.js';

export type RedirectResult = { code: string } | { error: string; description?: string };

export type LoopbackErrorCode = 'port_in_use' | 'listen_failed' | 'timeout' | 'cancelled';

export class LoopbackError extends Error {
  constructor(
    readonly code: LoopbackErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LoopbackError';
  }
}

export interface ListenForRedirectOptions {
  /** RFC 8252 §8.3: listen on the loopback IP literal, never on all interfaces. */
  host?: '127.0.0.1';
  /**
   * The host written into the redirect URI. RFC 8252 §7.3 prefers `127.0.0.1`; Codex and Claude
   * registered `localhost` and the authorization server compares the URI exactly.
   */
  redirectHost?: '127.0.0.1' | 'localhost';
  /** 0 asks the OS for a free port (§7.3); providers with a registered port need that port. */
  port: number;
  path: string;
  state: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RedirectListener {
  redirectUri: string;
  /** Settles once: the code or the provider's error; rejects with a `LoopbackError` on timeout or cancel. */
  result: Promise<RedirectResult>;
  close(): Promise<void>;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function page(title: string, detail: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>`;
}

function answer(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    // The page needs nothing: no script, style or request may run in the tab that holds the code.
    'content-security-policy': "default-src 'none'",
    'cache-control': 'no-store',
    // The URL carries the code; it must not leak to another origin as a Referer.
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    connection: 'close',
    ...extra,
  });
  res.end(html);
}

/** RFC 6749 §3.1: request parameters "MUST NOT be included more than once". */
function single(params: URLSearchParams, name: string): string | undefined | null {
  const all = params.getAll(name);
  if (all.length > 1) return null;
  return all[0];
}

export function listenForRedirect(opts: ListenForRedirectOptions): Promise<RedirectListener> {
  const host = opts.host ?? '127.0.0.1';
  let settle: { resolve(r: RedirectResult): void; reject(e: LoopbackError): void } | undefined;
  const result = new Promise<RedirectResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that closes without awaiting the result must not crash the process.
  result.catch(() => undefined);
  let done = false;
  let timer: NodeJS.Timeout | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (done) return answer(res, 410, page('Sign-in already finished', 'You can close this tab.'));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== opts.path) return answer(res, 404, page('Not found', 'This address is not part of the sign-in.'));
    if (req.method !== 'GET') return answer(res, 405, page('Method not allowed', 'The sign-in redirect is a GET request.'), { allow: 'GET' });
    const state = single(url.searchParams, 'state');
    const code = single(url.searchParams, 'code');
    const error = single(url.searchParams, 'error');
    // A request without this sign-in's state may come from another page; it is refused and the
    // wait goes on, so it can neither end nor hijack the sign-in (RFC 6749 §10.12).
    if (typeof state !== 'string' || !statesMatch(opts.state, state)) {
      return answer(res, 400, page('Sign-in link not recognised', 'This request does not belong to the sign-in in progress.'));
    }
    if (code === null || error === null) return answer(res, 400, page('Malformed sign-in redirect', 'A parameter appears more than once.'));
    if (typeof error === 'string' && error !== '') {
      const description = single(url.searchParams, 'error_description') ?? undefined;
      answer(res, 200, page('Sign-in failed', description ? `${error}: ${description}` : error));
      finish(() => settle?.resolve(description ? { error, description } : { error }));
      return;
    }
    if (typeof code !== 'string' || code === '') return answer(res, 400, page('Malformed sign-in redirect', 'The redirect carries neither a code nor an error.'));
    answer(res, 200, page('Signed in', 'You can close this tab and return to OmniRoute.'));
    finish(() => settle?.resolve({ code }));
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!server.listening) return resolve();
      server.close(() => resolve());
      // Finished responses were sent with `connection: close`; idle keep-alive sockets of other
      // requests would hold the port open.
      server.closeIdleConnections();
    });
    return closing;
  };

  function finish(settleNow: () => void): void {
    if (done) return;
    done = true;
    settleNow();
    void close();
  }

  const onAbort = (): void => finish(() => settle?.reject(new LoopbackError('cancelled', 'The sign-in was cancelled.')));

  return new Promise<RedirectListener>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new LoopbackError('cancelled', 'The sign-in was cancelled.'));
    server.once('error', (err: NodeJS.ErrnoException) => {
      done = true;
      if (err.code === 'EADDRINUSE') {
        reject(new LoopbackError('port_in_use', `Port ${opts.port} on ${host} is already in use, so the sign-in cannot receive its redirect; close the program using it (another sign-in or CLI) and try again.`));
      } else {
        reject(new LoopbackError('listen_failed', `Could not listen on ${host}:${opts.port} for the sign-in redirect (${err.code ?? 'unknown error'}).`));
      }
    });
    server.listen({ host, port: opts.port, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : opts.port;
      timer = setTimeout(() => {
        const seconds = Math.round(opts.timeoutMs / 1000);
        finish(() => settle?.reject(new LoopbackError('timeout', `The sign-in timed out after ${seconds} s without an answer from the browser; start the sign-in again.`)));
      }, opts.timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const redirectHost = opts.redirectHost ?? '127.0.0.1';
      resolve({
        redirectUri: `http://${redirectHost}:${port}${opts.path}`,
        result,
        close: () => {
          finish(() => settle?.reject(new LoopbackError('cancelled', 'The sign-in was closed before the browser answered.')));
          return close();
        },
      });
    });
  });
}
