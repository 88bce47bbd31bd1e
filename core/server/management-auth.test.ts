import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserBaseUrl, cookieValue } from './management-auth.js';
import { csrfTokenFor } from './management-sessions.js';

test('cookieValue finds one cookie among several, and nothing in a missing header', () => {
  assert.equal(cookieValue('a=1; omniroute_session=xyz; b=2', 'omniroute_session'), 'xyz');
  assert.equal(cookieValue('xomniroute_session=1', 'omniroute_session'), undefined);
  assert.equal(cookieValue(undefined, 'omniroute_session'), undefined);
});

test('a wildcard bind is reached on loopback; IPv6 hosts are bracketed', () => {
  assert.equal(browserBaseUrl('0.0.0.0', 1), 'http://127.0.0.1:1');
  assert.equal(browserBaseUrl('::', 1), 'http://127.0.0.1:1');
  assert.equal(browserBaseUrl('::1', 2), 'http://[::1]:2');
  assert.equal(browserBaseUrl('localhost', 3), 'http://localhost:3');
});

test('each session has its own CSRF token', () => {
  assert.notEqual(csrfTokenFor('a'), csrfTokenFor('b'));
  assert.equal(csrfTokenFor('a'), csrfTokenFor('a'));
});
