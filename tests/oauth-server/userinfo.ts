// GET /oauth/userinfo: who the bearer of a live access token is. Unknown, expired or
// revoked tokens get 401 with the RFC 6750 §3 WWW-Authenticate challenge.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './respond.js';
import type { TokenStore } from './tokens.js';

export function userinfo(req: IncomingMessage, res: ServerResponse, tokens: TokenStore, email: string): void {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!match) {
    sendJson(res, 401, { error: 'invalid_request', error_description: 'missing Bearer access token' }, { 'www-authenticate': 'Bearer' });
    return;
  }
  if (!tokens.validAccess(match[1]!)) {
    sendJson(res, 401, { error: 'invalid_token', error_description: 'access token is unknown, expired or revoked' }, {
      'www-authenticate': 'Bearer error="invalid_token"',
    });
    return;
  }
  sendJson(res, 200, { email });
}
