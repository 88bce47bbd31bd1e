import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoginToken, LOGIN_LINK_DIR, LOGIN_LINK_TTL_MS, loginUrl, redeemLoginToken } from './login-links.js';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'omniroute-links-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a token redeems once, before it expires, and is stored only as a hash in a private file', () =>
  withDir((dir) => {
    const token = createLoginToken(dir, 1_000);
    const [name] = readdirSync(join(dir, LOGIN_LINK_DIR));
    assert.match(name!, /^[0-9a-f]{64}$/);
    assert.notEqual(name, token);
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(dir, LOGIN_LINK_DIR)).mode & 0o777, 0o700);
      assert.equal(statSync(join(dir, LOGIN_LINK_DIR, name!)).mode & 0o777, 0o600);
    }
    assert.equal(redeemLoginToken(dir, token, 2_000), true);
    assert.equal(redeemLoginToken(dir, token, 2_000), false, 'used once');
    const late = createLoginToken(dir, 1_000);
    assert.equal(redeemLoginToken(dir, late, 1_000 + LOGIN_LINK_TTL_MS), false, 'expired');
    assert.equal(readdirSync(join(dir, LOGIN_LINK_DIR)).length, 0, 'an expired token is deleted when tried');
  }));

test('malformed tokens are refused without touching the file system', () =>
  withDir((dir) => {
    for (const token of ['', '../x', 'a'.repeat(42), 'a'.repeat(44), `${'a'.repeat(42)}/`]) assert.equal(redeemLoginToken(dir, token), false, token);
  }));

test('expired tokens are pruned when a new one is made', () =>
  withDir((dir) => {
    createLoginToken(dir, 0);
    createLoginToken(dir, LOGIN_LINK_TTL_MS + 1);
    assert.equal(readdirSync(join(dir, LOGIN_LINK_DIR)).length, 1);
  }));

test('the link is the gateway URL, /login and the token', () => {
  assert.equal(loginUrl('http://127.0.0.1:20128/', 'abc'), 'http://127.0.0.1:20128/login?token=abc');
});
