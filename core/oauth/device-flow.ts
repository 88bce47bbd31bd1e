/**
 * The device authorization grant (RFC 8628) for sign-in without a browser on this machine:
 * GitHub Copilot, Qwen (with PKCE), AWS SSO-OIDC. Clock and sleep are injected.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import type { Pkce } from './pkce.js';
import { postOAuth, type BodyFormat } from './token-post.js';
import { postTokenRequest } from './token-request.js';
import { readOAuthError, type TokenError, type TokenResult } from './token-response.js';

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Unix ms after which the device code is dead (§3.2 `expires_in`). */
  expiresAt: number;
  /** Wait between polls (§3.2 `interval`, 5 s when absent). */
  intervalMs: number;
}

export type DeviceStartResult = ({ ok: true } & DeviceAuthorization) | TokenError;

export interface StartDeviceOptions {
  deviceUrl: string;
  clientId: string;
  clientSecret?: string;
  scope?: string;
  /** Qwen binds the device code to a PKCE challenge; the verifier goes with the polls. */
  pkce?: Pick<Pkce, 'challenge' | 'method'>;
  bodyFormat: BodyFormat;
  headers?: Record<string, string>;
  dispatcher?: Dispatcher;
  signal: AbortSignal;
  now?: () => number;
}

/** §3.2: "If no value is provided, clients MUST use 5 as the default." */
const DEFAULT_INTERVAL_MS = 5000;
/** §3.5: on `slow_down` "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
const SLOW_DOWN_STEP_MS = 5000;
/** A device code is good for minutes; an answer without `expires_in` still gets a bound. */
const DEFAULT_EXPIRES_MS = 15 * 60 * 1000;
const MAX_BACKOFF_MS = 60 * 1000;

function positiveSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export async function startDeviceAuthorization(opts: StartDeviceOptions): Promise<DeviceStartResult> {
  const params: Record<string, string> = {};
  if (opts.scope !== undefined) params.scope = opts.scope;
  if (opts.pkce) {
    params.code_challenge = opts.pkce.challenge;
    params.code_challenge_method = opts.pkce.method;
  }
  const sent = await postOAuth({
    url: opts.deviceUrl,
    params,
    bodyFormat: opts.bodyFormat,
    clientId: opts.clientId,
    ...(opts.clientSecret !== undefined ? { clientSecret: opts.clientSecret } : {}),
    ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
    ...(opts.dispatcher !== undefined ? { dispatcher: opts.dispatcher } : {}),
    signal: opts.signal,
  });
  if (!sent.ok) return sent;
  let body: unknown;
  try {
    body = JSON.parse(sent.text);
  } catch {
    body = undefined;
  }
  const oauthError = readOAuthError(body, opts.clientSecret !== undefined ? [opts.clientSecret] : []);
  if (oauthError) return { ok: false, ...oauthError, status: sent.status };
  if (sent.status < 200 || sent.status >= 300) {
    return { ok: false, error: sent.status >= 500 ? 'server' : 'unexpected_response', description: `The device authorization endpoint answered HTTP ${sent.status}.`, status: sent.status };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'unexpected_response', description: 'The device authorization endpoint answered with something that is not a JSON object.', status: sent.status };
  }
  const fields: Record<string, unknown> = { ...body };
  const deviceCode = str(fields.device_code);
  const userCode = str(fields.user_code);
  // Google's device endpoint spells it `verification_url`.
  const verificationUri = str(fields.verification_uri) ?? str(fields.verification_url);
  if (deviceCode === undefined || userCode === undefined || verificationUri === undefined) {
    return { ok: false, error: 'unexpected_response', description: 'The device authorization answer lacks device_code, user_code or verification_uri (RFC 8628 §3.2).', status: sent.status };
  }
  const now = (opts.now ?? Date.now)();
  const expiresIn = positiveSeconds(fields.expires_in);
  const interval = positiveSeconds(fields.interval);
  const complete = str(fields.verification_uri_complete);
  return {
    ok: true,
    deviceCode,
    userCode,
    verificationUri,
    ...(complete !== undefined ? { verificationUriComplete: complete } : {}),
    expiresAt: now + (expiresIn !== undefined ? expiresIn * 1000 : DEFAULT_EXPIRES_MS),
    intervalMs: interval !== undefined ? interval * 1000 : DEFAULT_INTERVAL_MS,
  };
}

export interface PollDeviceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  deviceCode: string;
  /** The PKCE verifier when the device code was bound to a challenge (Qwen). */
  verifier?: string;
  intervalMs: number;
  expiresAt: number;
  bodyFormat?: BodyFormat;
  headers?: Record<string, string>;
  now: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  dispatcher?: Dispatcher;
}

/**
 * Polls until the user approves, denies, or the code expires (§3.4, §3.5). Ends with the tokens
 * or with `expired_token`, `access_denied`, `aborted`, or the server's other error.
 */
export async function pollDeviceToken(opts: PollDeviceOptions): Promise<TokenResult> {
  let interval = Math.max(opts.intervalMs, 1);
  const params: Record<string, string> = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: opts.deviceCode };
  if (opts.verifier !== undefined) params.code_verifier = opts.verifier;
  const expired: TokenError = { ok: false, error: 'expired_token', description: 'The sign-in code expired before it was approved; start the sign-in again.' };
  const aborted: TokenError = { ok: false, error: 'aborted', description: 'The sign-in was cancelled.' };
  for (;;) {
    // §3.5: the client waits `interval` between requests, the first one included.
    if (opts.now() + interval >= opts.expiresAt) return expired;
    await opts.sleep(interval, opts.signal);
    if (opts.signal.aborted) return aborted;
    const result = await postTokenRequest(
      {
        tokenUrl: opts.tokenUrl,
        clientId: opts.clientId,
        ...(opts.clientSecret !== undefined ? { clientSecret: opts.clientSecret } : {}),
        ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
        ...(opts.dispatcher !== undefined ? { dispatcher: opts.dispatcher } : {}),
        bodyFormat: opts.bodyFormat ?? 'form',
        signal: opts.signal,
        now: opts.now,
      },
      params,
    );
    if (result.ok) return result;
    switch (result.error) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        interval += SLOW_DOWN_STEP_MS;
        continue;
      case 'network':
        // §3.5: on a connection failure the client MUST reduce its polling frequency
        // (exponential backoff is suggested); the code may still be approved meanwhile.
        interval = Math.min(interval * 2, MAX_BACKOFF_MS);
        continue;
      case 'expired_token':
        return { ...expired, ...(result.status !== undefined ? { status: result.status } : {}) };
      case 'access_denied':
        return { ...result, description: 'The sign-in was declined in the browser.' };
      default:
        return result;
    }
  }
}

/** The `sleep` for real use: resolves after `ms`, or at once when `signal` aborts (the poll loop then stops). */
export async function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: pollDeviceToken checks the signal right after sleeping.
  }
}
