// POST /oauth/token: authenticate the client, then dispatch on grant_type (RFC 6749 §4.1.3,
// §6; RFC 8628 §3.4). Errors are §5.2 JSON: 400, or 401 for invalid_client.
import type { AuthorizationCode } from './authorize.js';
import { identifyClient } from './clients.js';
import type { DeviceStore } from './device.js';
import { exchangeCode } from './grant-code.js';
import { oauthError } from './respond.js';
import type { TokenBody, TokenStore } from './tokens.js';
import type { Clock, Outcome, Params, RegisteredClient } from './types.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface TokenContext {
  clients: RegisteredClient[];
  codes: Map<string, AuthorizationCode>;
  tokens: TokenStore;
  devices: DeviceStore;
  now: Clock;
}

export function tokenRequest(params: Params, authorization: string | undefined, ctx: TokenContext): Outcome<TokenBody> {
  const grantType = params.get('grant_type');
  if (grantType === undefined) return { ok: false, error: oauthError('invalid_request', 'missing required parameter grant_type') };
  const client = identifyClient(ctx.clients, params, authorization);
  if (!client.ok) return client;
  switch (grantType) {
    case 'authorization_code':
      return exchangeCode(client.value, params, ctx.codes, ctx.tokens, ctx.now);
    case 'refresh_token':
      return ctx.tokens.refresh(client.value.id, params);
    case DEVICE_GRANT:
      return ctx.devices.poll(client.value, params, ctx.tokens);
    default:
      return { ok: false, error: oauthError('unsupported_grant_type', `grant_type ${grantType} is not supported`) };
  }
}
