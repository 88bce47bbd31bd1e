import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createPkce, createState, pkceChallenge, statesMatch } from './pkce.js';
import { buildAuthorizeUrl } from './authorize-url.js';

test('the verifier is 43-128 unreserved characters and differs each time (RFC 7636 §4.1)', () => {
  const a = createPkce();
  const b = createPkce();
  assert.match(a.verifier, /^[A-Za-z0-9\-._~]{43,128}$/);
  assert.notEqual(a.verifier, b.verifier);
  assert.equal(a.method, 'S256');
  assert.equal(a.challenge, createHash('sha256').update(a.verifier).digest('base64url'));
});

test('the challenge matches the RFC 7636 Appendix B example', () => {
  // Appendix B's 32 octets, base64url-encoded, are its code_verifier.
  const octets = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
  const verifier = Buffer.from(octets).toString('base64url');
  assert.equal(verifier, 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
  assert.equal(pkceChallenge(verifier), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('state is unguessable and compared exactly', () => {
  const s = createState();
  assert.match(s, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(s, createState());
  assert.equal(statesMatch(s, s), true);
  assert.equal(statesMatch(s, `${s}x`), false);
  assert.equal(statesMatch(s, ''), false);
});

test('the authorize URL carries the PKCE and protocol parameters, extras first and never overriding', () => {
  const url = new URL(
    buildAuthorizeUrl({
      authorizeUrl: 'https://claude.ai/oauth/authorize',
      clientId: 'client-1',
      redirectUri: 'http://localhost:54545/callback',
      scope: 'user:profile user:inference',
      state: 'st',
      pkce: { challenge: 'ch', method: 'S256' },
      extraParams: { code: 'true', state: 'attacker' },
    }),
  );
  assert.equal(url.origin + url.pathname, 'https://claude.ai/oauth/authorize');
  assert.equal([...url.searchParams.keys()][0], 'code');
  assert.equal(url.searchParams.get('code'), 'true');
  assert.equal(url.searchParams.get('state'), 'st');
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('client_id'), 'client-1');
  assert.equal(url.searchParams.get('redirect_uri'), 'http://localhost:54545/callback');
  assert.equal(url.searchParams.get('code_challenge'), 'ch');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('scope'), 'user:profile user:inference');
  assert.match(url.search, /scope=user%3Aprofile%20user%3Ainference/);
});
