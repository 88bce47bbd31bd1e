import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManualCode } from './manual-code.js';

test('a full redirect URL gives code and state', () => {
  assert.deepEqual(parseManualCode({ input: 'http://localhost:1455/auth/callback?code=abc&state=s1', expectedState: 's1' }), { ok: true, code: 'abc', state: 's1' });
});

test("Claude's code#state string gives code and state", () => {
  assert.deepEqual(parseManualCode({ input: '  abc-123_x#s1\n', expectedState: 's1' }), { ok: true, code: 'abc-123_x', state: 's1' });
});

test('a bare code is accepted without a state', () => {
  assert.deepEqual(parseManualCode({ input: '"abc"', expectedState: 's1' }), { ok: true, code: 'abc' });
});

test('a pasted query string is read', () => {
  assert.deepEqual(parseManualCode({ input: '?code=abc&state=s1' }), { ok: true, code: 'abc', state: 's1' });
});

test('a state from another sign-in is refused', () => {
  const url = parseManualCode({ input: 'http://localhost:1455/auth/callback?code=abc&state=other', expectedState: 's1' });
  assert.equal(url.ok, false);
  assert.equal(!url.ok && url.error, 'state_mismatch');
  const hash = parseManualCode({ input: 'abc#other', expectedState: 's1' });
  assert.equal(!hash.ok && hash.error, 'state_mismatch');
});

test('clear errors for empty, missing code, provider error and broken pastes', () => {
  const cases: Array<[string, string]> = [
    ['   ', 'empty'],
    ['http://localhost:1455/auth/callback?state=s1', 'no_code'],
    ['http://localhost:1455/auth/callback?error=access_denied&error_description=User+said+no&state=s1', 'provider_error'],
    ['#s1', 'no_code'],
    ['abc def', 'malformed'],
  ];
  for (const [input, error] of cases) {
    const r = parseManualCode({ input, expectedState: 's1' });
    assert.equal(r.ok, false, input);
    if (!r.ok) {
      assert.equal(r.error, error, input);
      assert.ok(r.message.length > 10);
    }
  }
  const denied = parseManualCode({ input: 'http://x/cb?error=access_denied&error_description=User+said+no' });
  assert.match(!denied.ok ? denied.message : '', /access_denied: User said no/);
});

test('the answer in a URL fragment is read too', () => {
  assert.deepEqual(parseManualCode({ input: 'https://platform.claude.com/oauth/code/callback#code=abc&state=s1', expectedState: 's1' }), { ok: true, code: 'abc', state: 's1' });
});

test('a bare code ending in "=" is a code, not a query string', () => {
  assert.deepEqual(parseManualCode({ input: 'abcd==' }), { ok: true, code: 'abcd==' });
  assert.deepEqual(parseManualCode({ input: 'state=s1&code=abc', expectedState: 's1' }), { ok: true, code: 'abc', state: 's1' });
});
