// RFC 8628 device authorization grant: POST /oauth/device/code issues a device_code and a
// user_code, the user approves or denies out of band (the test helpers), and the client
// polls the token endpoint. Once the client, device_code and any code_verifier check out,
// polling answers, in this order: expired_token after expiry;
// slow_down when polled sooner than the current interval after the previous poll (the
// interval then grows by 5 s, §3.5; the first poll is never too early); then
// access_denied, the tokens (once; the device_code is then spent), or authorization_pending.
// An optional S256 code_challenge (Qwen's variant) makes code_verifier required at polling.
import { randomBytes, randomInt } from 'node:crypto';
import { oauthError } from './respond.js';
import { challengeProblem, verifierMatches } from './pkce.js';
import type { TokenBody, TokenStore } from './tokens.js';
import type { Clock, Outcome, Params, RegisteredClient } from './types.js';

interface DeviceAuthorization {
  clientId: string;
  scope: string;
  userCode: string;
  challenge?: string;
  expiresAt: number;
  intervalSec: number;
  lastPollAt?: number;
  decision: 'pending' | 'approved' | 'denied' | 'spent';
}

export interface DeviceConfig {
  now: Clock;
  expiresSec: number;
  intervalSec: number;
}

// RFC 8628 §6.1: consonants only, so no words and no 0/O, 1/I confusion.
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function userCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Users type codes loosely: case and the dash do not matter. */
function normalise(code: string): string {
  return code.toUpperCase().replace(/[^A-Z]/g, '');
}

export class DeviceStore {
  private readonly byDeviceCode = new Map<string, DeviceAuthorization>();

  constructor(private readonly config: DeviceConfig) {}

  start(client: RegisteredClient, params: Params, baseUrl: string): Outcome<Record<string, unknown>> {
    const challenge = params.get('code_challenge');
    if (challenge !== undefined || params.has('code_challenge_method')) {
      const problem = challengeProblem(challenge, params.get('code_challenge_method'));
      if (problem !== undefined) return { ok: false, error: oauthError('invalid_request', problem) };
    }
    const deviceCode = `dc_${randomBytes(24).toString('base64url')}`;
    const entry: DeviceAuthorization = {
      clientId: client.id,
      scope: params.get('scope') ?? '',
      userCode: userCode(),
      expiresAt: this.config.now() + this.config.expiresSec * 1000,
      intervalSec: this.config.intervalSec,
      decision: 'pending',
    };
    if (challenge !== undefined) entry.challenge = challenge;
    this.byDeviceCode.set(deviceCode, entry);
    const verificationUri = `${baseUrl}/oauth/device`;
    return {
      ok: true,
      value: {
        device_code: deviceCode,
        user_code: entry.userCode,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?user_code=${entry.userCode}`,
        expires_in: this.config.expiresSec,
        interval: this.config.intervalSec,
      },
    };
  }

  decide(code: string, decision: 'approved' | 'denied'): void {
    const wanted = normalise(code);
    const entry = [...this.byDeviceCode.values()].find((e) => normalise(e.userCode) === wanted);
    if (!entry) throw new Error(`unknown user code ${code}`);
    if (entry.decision === 'pending') entry.decision = decision;
  }

  poll(client: RegisteredClient, params: Params, tokens: TokenStore): Outcome<TokenBody> {
    const deviceCode = params.get('device_code');
    if (deviceCode === undefined) return { ok: false, error: oauthError('invalid_request', 'missing required parameter device_code') };
    const entry = this.byDeviceCode.get(deviceCode);
    if (!entry || entry.decision === 'spent') return { ok: false, error: oauthError('invalid_grant', 'unknown or already used device_code') };
    if (entry.clientId !== client.id) return { ok: false, error: oauthError('invalid_grant', 'device_code was issued to another client') };
    if (entry.challenge !== undefined) {
      const verifier = params.get('code_verifier');
      if (verifier === undefined) return { ok: false, error: oauthError('invalid_request', 'missing required parameter code_verifier') };
      if (!verifierMatches(verifier, entry.challenge)) return { ok: false, error: oauthError('invalid_grant', 'code_verifier does not match the code_challenge') };
    }
    const now = this.config.now();
    if (now >= entry.expiresAt) return { ok: false, error: oauthError('expired_token', 'the device_code has expired') };
    const previous = entry.lastPollAt;
    entry.lastPollAt = now;
    if (previous !== undefined && now - previous < entry.intervalSec * 1000) {
      entry.intervalSec += 5;
      return { ok: false, error: oauthError('slow_down', `polling too fast: wait ${entry.intervalSec} s between requests`) };
    }
    if (entry.decision === 'denied') return { ok: false, error: oauthError('access_denied', 'the user denied the request') };
    if (entry.decision === 'pending') return { ok: false, error: oauthError('authorization_pending', 'the user has not yet approved the request') };
    entry.decision = 'spent';
    return { ok: true, value: tokens.startFamily(client.id, entry.scope).body };
  }
}
