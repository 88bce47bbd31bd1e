/**
 * One POST to an OAuth endpoint (token or device authorization) with the client's credentials.
 * Transport failures come back as values; the request body (it holds codes and tokens) never
 * appears in a message.
 */
import { request, errors as undiciErrors, type Dispatcher } from 'undici';
import { readText } from '../upstream/read-text.js';

export type BodyFormat = 'form' | 'json';

export interface OAuthPostOptions {
  url: string;
  /** Protocol parameters in the order they are sent (Claude's CLI order matters to nobody but is kept). */
  params: Record<string, string>;
  /** RFC 6749 §4.1.3 names form encoding; Claude's endpoint and OpenAI's device endpoints take JSON. */
  bodyFormat: BodyFormat;
  clientId: string;
  clientSecret?: string;
  /**
   * Where a client secret goes (RFC 6749 §2.3.1): `body` (Google's installed apps) or HTTP
   * `basic`. Without a secret, `client_id` is always in the body (§3.2.1 public clients).
   */
  clientAuth?: 'body' | 'basic';
  headers?: Record<string, string>;
  dispatcher?: Dispatcher;
  signal: AbortSignal;
}

export type OAuthPostResult = { ok: true; status: number; text: string } | { ok: false; error: 'network' | 'aborted'; description: string };

/** Token answers are small; a cap keeps a misbehaving server from filling memory. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined for Basic auth. */
function basicAuth(clientId: string, secret: string): string {
  const enc = (s: string): string => new URLSearchParams({ s }).toString().slice(2);
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}

export async function postOAuth(opts: OAuthPostOptions): Promise<OAuthPostResult> {
  const basic = opts.clientSecret !== undefined && opts.clientAuth === 'basic';
  const params: Record<string, string> = { ...opts.params };
  if (!basic) {
    params.client_id = opts.clientId;
    if (opts.clientSecret !== undefined) params.client_secret = opts.clientSecret;
  }
  const body = opts.bodyFormat === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString();
  const headers: Record<string, string> = {
    // GitHub answers form-encoded unless JSON is asked for.
    accept: 'application/json',
    ...opts.headers,
    'content-type': opts.bodyFormat === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
  };
  if (basic && opts.clientSecret !== undefined) headers.authorization = basicAuth(opts.clientId, opts.clientSecret);
  try {
    const response = await request(opts.url, {
      method: 'POST',
      headers,
      body,
      signal: opts.signal,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    const text = await readText(response.body, MAX_RESPONSE_BYTES);
    return { ok: true, status: response.statusCode, text };
  } catch (error) {
    if (opts.signal.aborted || error instanceof undiciErrors.RequestAbortedError) {
      return { ok: false, error: 'aborted', description: 'The sign-in was cancelled.' };
    }
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    return { ok: false, error: 'network', description: `Could not reach ${hostOf(opts.url)}${code}; check the connection or the account's proxy.` };
  }
}

/** Only the host is named: a URL's query could carry a secret. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the OAuth endpoint (its address is not a valid URL)';
  }
}
