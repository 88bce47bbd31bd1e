import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bypassesProxy } from './no-proxy.js';

const bypasses = (url: string, noProxy: string) => bypassesProxy(new URL(url), noProxy);

test('an empty setting sends everything through the proxy', () => {
  assert.equal(bypasses('https://api.openai.com/v1', ''), false);
  assert.equal(bypasses('https://api.openai.com/v1', ' , ,  '), false);
});

test('* alone sends everything direct; * inside a list entry is no wildcard', () => {
  assert.equal(bypasses('https://api.openai.com/v1', '*'), true);
  assert.equal(bypasses('http://10.1.2.3:8080', 'example.com, *'), true);
  assert.equal(bypasses('https://api.openai.com/v1', 'api.*.com'), false);
});

test('a domain matches itself and its subdomains, written with or without a leading dot or *.', () => {
  for (const entry of ['example.com', '.example.com', '*.example.com', '..example.com', 'example.com.']) {
    assert.equal(bypasses('https://example.com/x', entry), true, entry);
    assert.equal(bypasses('https://api.example.com/x', entry), true, entry);
    assert.equal(bypasses('https://a.b.example.com/x', entry), true, entry);
    assert.equal(bypasses('https://notexample.com/x', entry), false, entry);
    assert.equal(bypasses('https://example.com.evil.net/x', entry), false, entry);
  }
});

test('a subdomain entry does not cover its parent', () => {
  assert.equal(bypasses('https://example.com/', 'api.example.com'), false);
  assert.equal(bypasses('https://api.example.com/', 'api.example.com'), true);
});

test('matching ignores case and a trailing dot on the host', () => {
  assert.equal(bypasses('https://API.Example.COM/', 'example.com'), true);
  assert.equal(bypasses('https://api.example.com/', 'EXAMPLE.com'), true);
  assert.equal(bypasses('https://api.example.com./', 'example.com'), true);
});

test('entries split on commas, spaces, tabs and new lines', () => {
  const list = 'a.test,b.test  c.test\td.test\ne.test , f.test';
  for (const host of ['a', 'b', 'c', 'd', 'e', 'f']) assert.equal(bypasses(`http://${host}.test/`, list), true, host);
  assert.equal(bypasses('http://g.test/', list), false);
});

test('a port limits the entry to that port, defaults included', () => {
  assert.equal(bypasses('http://example.com:8080/', 'example.com:8080'), true);
  assert.equal(bypasses('http://example.com:8081/', 'example.com:8080'), false);
  assert.equal(bypasses('http://example.com/', 'example.com:80'), true);
  assert.equal(bypasses('https://example.com/', 'example.com:443'), true);
  assert.equal(bypasses('https://example.com/', 'example.com:80'), false);
  assert.equal(bypasses('http://api.example.com:8080/', '.example.com:8080'), true);
});

test('IPv4 addresses match exactly, never as a name suffix', () => {
  assert.equal(bypasses('http://10.1.2.3/', '10.1.2.3'), true);
  assert.equal(bypasses('http://10.1.2.4/', '10.1.2.3'), false);
  assert.equal(bypasses('http://110.1.2.3/', '10.1.2.3'), false);
  assert.equal(bypasses('http://10.1.2.3/', '1.2.3'), false);
  assert.equal(bypasses('http://10.1.2.3:8080/', '10.1.2.3:8080'), true);
  assert.equal(bypasses('http://10.1.2.3:8081/', '10.1.2.3:8080'), false);
});

test('an IP entry does not match a host name and a name entry does not match an IP', () => {
  assert.equal(bypasses('http://localhost/', '127.0.0.1'), false);
  assert.equal(bypasses('http://127.0.0.1/', 'localhost'), false);
});

test('CIDR ranges match the addresses inside them', () => {
  assert.equal(bypasses('http://10.200.3.4/', '10.0.0.0/8'), true);
  assert.equal(bypasses('http://11.0.0.1/', '10.0.0.0/8'), false);
  assert.equal(bypasses('http://192.168.1.77:11434/', '192.168.1.0/24'), true);
  assert.equal(bypasses('http://192.168.2.1/', '192.168.1.0/24'), false);
  assert.equal(bypasses('http://8.8.8.8/', '0.0.0.0/0'), true);
  assert.equal(bypasses('http://[fd00::5]/', 'fd00::/8'), true);
  assert.equal(bypasses('http://[fe80::5]/', 'fd00::/8'), false);
  assert.equal(bypasses('http://10.0.0.1/', '10.0.0.0/33'), false);
  assert.equal(bypasses('http://10.0.0.1/', '10.0.0.0/x'), false);
  assert.equal(bypasses('http://example.com/', 'example.com/8'), false);
});

test('IPv6 entries, bare or bracketed, with or without a port', () => {
  assert.equal(bypasses('http://[::1]:8080/', '::1'), true);
  assert.equal(bypasses('http://[::1]:8080/', '[::1]'), true);
  assert.equal(bypasses('http://[::1]:8080/', '[::1]:8080'), true);
  assert.equal(bypasses('http://[::1]:8081/', '[::1]:8080'), false);
  assert.equal(bypasses('http://[0:0:0:0:0:0:0:1]/', '::1'), true);
  assert.equal(bypasses('http://[::2]/', '::1'), false);
  assert.equal(bypasses('http://127.0.0.1/', '::1'), false);
});

test('loopback is not exempt unless listed', () => {
  assert.equal(bypasses('http://127.0.0.1:11434/', ''), false);
  assert.equal(bypasses('http://localhost:11434/', 'example.com'), false);
  assert.equal(bypasses('http://[::1]:11434/', 'example.com'), false);
  const usual = 'localhost,127.0.0.1,::1';
  assert.equal(bypasses('http://localhost:11434/', usual), true);
  assert.equal(bypasses('http://127.0.0.1:11434/', usual), true);
  assert.equal(bypasses('http://[::1]:11434/', usual), true);
  assert.equal(bypasses('http://127.0.0.2:11434/', '127.0.0.0/8'), true);
});

test('broken entries are skipped and the rest of the list still applies', () => {
  const list = '[::1, example.com:abc, host:70000, ], :8080, example.org';
  assert.equal(bypasses('http://example.com/', list), false);
  assert.equal(bypasses('http://api.example.org/', list), true);
});
