// GET /oauth/authorize (RFC 6749 §4.1.1-4.1.2, RFC 7636 §4.3-4.4). The user's consent is
// automatic (or a refusal when the server was started with deny). Order matters as in the
// RFC: until client_id and redirect_uri are known good nothing may redirect (§4.1.2.1, an
// open redirector otherwise), so those errors are an HTML page; every later error
// redirects back with error, error_description and state.
import { randomBytes } from 'node:crypto';
import { redirectAllowed } from './clients.js';
import { fromPairs } from './params.js';
import { challengeProblem } from './pkce.js';
import type { Family } from './tokens.js';
import type { Clock, RegisteredClient } from './types.js';

/** §4.1.2: codes are short-lived; 60 s here, checked against the server's clock. */
export const CODE_TTL_MS = 60_000;

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string;
  expiresAt: number;
  /** Set once exchanged; a second exchange revokes this family (§4.1.2). */
  family?: Family;
}

export type AuthorizeAnswer =
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: number; title: string; message: string };

export interface AuthorizeContext {
  clients: RegisteredClient[];
  codes: Map<string, AuthorizationCode>;
  deny: boolean;
  now: Clock;
}

function backTo(redirectUri: string, fields: Record<string, string | undefined>): AuthorizeAnswer {
  // §3.1.2: the redirect URI's own query is kept; ours is added to it.
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) url.searchParams.set(key, value);
  return { kind: 'redirect', location: url.toString() };
}

export function authorize(query: URLSearchParams, ctx: AuthorizeContext): AuthorizeAnswer {
  const clientIds = query.getAll('client_id');
  if (clientIds.length !== 1 || clientIds[0] === '') {
    return { kind: 'page', status: 400, title: 'Invalid request', message: 'client_id is missing or repeated.' };
  }
  const client = ctx.clients.find((c) => c.id === clientIds[0]);
  if (!client) return { kind: 'page', status: 400, title: 'Unknown client', message: `No client is registered as ${clientIds[0]}.` };
  const redirectUris = query.getAll('redirect_uri');
  const redirectUri = redirectUris[0];
  // Required although §4.1.1 makes it optional: clients here register several URIs (§3.1.2.3).
  if (redirectUris.length !== 1 || redirectUri === undefined || redirectUri === '') {
    return { kind: 'page', status: 400, title: 'Invalid request', message: 'redirect_uri is missing or repeated.' };
  }
  if (!redirectAllowed(client, redirectUri)) {
    return { kind: 'page', status: 400, title: 'Invalid redirect_uri', message: `${redirectUri} is not registered for ${client.id}.` };
  }

  const parsed = fromPairs(query);
  const state = query.get('state') ?? undefined;
  if (!parsed.ok) return backTo(redirectUri, { error: parsed.error.error, error_description: parsed.error.description, state });
  const params = parsed.value;
  const responseType = params.get('response_type');
  if (responseType === undefined) return backTo(redirectUri, { error: 'invalid_request', error_description: 'missing required parameter response_type', state });
  if (responseType !== 'code') return backTo(redirectUri, { error: 'unsupported_response_type', error_description: `response_type ${responseType} is not supported`, state });
  const challenge = params.get('code_challenge');
  const problem = challengeProblem(challenge, params.get('code_challenge_method'));
  if (problem !== undefined || challenge === undefined) return backTo(redirectUri, { error: 'invalid_request', error_description: problem, state });
  if (ctx.deny) return backTo(redirectUri, { error: 'access_denied', error_description: 'the user denied the request', state });

  const code = `ac_${randomBytes(24).toString('base64url')}`;
  ctx.codes.set(code, { clientId: client.id, redirectUri, scope: params.get('scope') ?? '', challenge, expiresAt: ctx.now() + CODE_TTL_MS });
  return backTo(redirectUri, { code, state });
}
