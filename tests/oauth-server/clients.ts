// Client registry: which clients exist, which redirect URIs they may use, and how the token
// endpoint identifies them. Redirect URIs match exactly (RFC 6749 §3.1.2.2), with one
// exception from RFC 8252 §7.3: a registered loopback IP URI (127.0.0.1 or [::1], http)
// that has no port accepts any port, because native apps listen on an ephemeral port.
// `localhost` gets no such exception (RFC 8252 §8.3 discourages it): register its port.
import { oauthError } from './respond.js';
import type { Outcome, Params, RegisteredClient } from './types.js';

export const DEFAULT_CLIENT: RegisteredClient = {
  id: 'test-client',
  redirectUris: ['http://127.0.0.1/callback', 'http://localhost:1455/auth/callback'],
};

const LOOPBACK_IPS = new Set(['127.0.0.1', '[::1]']);

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export function redirectAllowed(client: RegisteredClient, presented: string): boolean {
  const url = parseUrl(presented);
  if (!url || url.hash !== '' || presented.includes('#')) return false; // §3.1.2: no fragment
  if (client.redirectUris.includes(presented)) return true;
  if (url.protocol !== 'http:' || !LOOPBACK_IPS.has(url.hostname)) return false;
  return client.redirectUris.some((registered) => {
    const r = parseUrl(registered);
    return r !== undefined && r.port === '' && r.protocol === 'http:' && r.hostname === url.hostname && r.pathname === url.pathname && r.search === url.search;
  });
}

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** Identifies (and for confidential clients authenticates) the client of a token request. */
export function identifyClient(clients: RegisteredClient[], params: Params, authorization: string | undefined): Outcome<RegisteredClient> {
  const basic = basicCredentials(authorization);
  const id = basic?.id ?? params.get('client_id');
  if (id === undefined) return { ok: false, error: oauthError('invalid_request', 'missing required parameter client_id') };
  if (basic && params.has('client_id') && params.get('client_id') !== basic.id) {
    return { ok: false, error: oauthError('invalid_request', 'client_id in the body differs from the Authorization header') };
  }
  const client = clients.find((c) => c.id === id);
  if (!client) return { ok: false, error: oauthError('invalid_client', `unknown client ${id}`, 401) };
  if (client.secret !== undefined) {
    const secret = basic?.secret ?? params.get('client_secret');
    if (secret !== client.secret) return { ok: false, error: oauthError('invalid_client', 'client authentication failed', 401) };
  }
  return { ok: true, value: client };
}
