import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayProxyUrl, parseProxyUrl, proxyHostPort } from './proxy-url.js';
import type { ParsedProxy } from './proxy-url.js';

function parsed(input: string): ParsedProxy {
  const result = parseProxyUrl(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.message}`);
  return result.proxy;
}

function failure(input: string): string {
  const result = parseProxyUrl(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  assert.equal(result.code, 'proxy_url_invalid');
  return result.message;
}

test('the three kinds parse into host, port and decoded credentials', () => {
  assert.deepEqual(parsed('http://proxy.example.com:3128'), { protocol: 'http', host: 'proxy.example.com', port: 3128 });
  assert.deepEqual(parsed('https://u:p@proxy.example.com:8443/'), { protocol: 'https', host: 'proxy.example.com', port: 8443, username: 'u', password: 'p' });
  assert.deepEqual(parsed('  socks5://alice:s%40cret%3A1@127.0.0.1:1080  '), {
    protocol: 'socks5',
    host: '127.0.0.1',
    port: 1080,
    username: 'alice',
    password: 's@cret:1',
  });
  assert.deepEqual(parsed('socks5h://10.0.0.1:9050'), { protocol: 'socks5h', host: '10.0.0.1', port: 9050 });
});

test('scheme and host are case-insensitive and normalised, SOCKS hosts included', () => {
  assert.deepEqual(parsed('HTTP://Proxy.Example.COM:8080'), { protocol: 'http', host: 'proxy.example.com', port: 8080 });
  assert.deepEqual(parsed('SOCKS5://Proxy.Example.COM:1080'), { protocol: 'socks5', host: 'proxy.example.com', port: 1080 });
  assert.equal(parsed('socks5://127.1:1080').host, '127.0.0.1');
});

test('IPv6 hosts lose their brackets in the value and get them back when printed', () => {
  const proxy = parsed('http://[::1]:8080');
  assert.equal(proxy.host, '::1');
  assert.equal(proxyHostPort(proxy), '[::1]:8080');
  assert.equal(displayProxyUrl(proxy), 'http://[::1]:8080');
  assert.equal(parsed('socks5://[fd00::1]:1080').host, 'fd00::1');
});

test('a missing port means the scheme default; an explicit default port is kept', () => {
  assert.equal(parsed('http://proxy').port, 80);
  assert.equal(parsed('http://proxy:80').port, 80);
  assert.equal(parsed('https://proxy').port, 443);
  assert.equal(parsed('socks5://proxy').port, 1080);
  assert.equal(parsed('socks5://proxy:80').port, 80);
  assert.equal(parsed('socks5h://proxy').port, 1080);
});

test('an unsupported or missing scheme names the accepted ones', () => {
  for (const input of ['proxy.example.com:8080', 'ftp://proxy:21', 'socks4://proxy:1080', 'socks://proxy:1080', '127.0.0.1:8080', '//proxy:8080']) {
    assert.match(failure(input), /must start with http:\/\/, https:\/\/ or socks5:\/\//, input);
  }
});

test('malformed URLs are refused with a message that says what to write', () => {
  assert.match(failure(''), /empty.*clear the setting/);
  assert.match(failure('   '), /empty/);
  assert.match(failure('http://proxy:8080/path'), /must not contain a path/);
  assert.match(failure('http://proxy:8080?x=1'), /must not contain a path, query/);
  assert.match(failure('http://proxy:8080#frag'), /must not contain/);
  assert.match(failure('http://proxy:99999'), /not a valid URL/);
  assert.match(failure('socks5://proxy:0'), /between 1 and 65535/);
  assert.match(failure('http://:8080'), /not a valid URL|no host/);
  assert.match(failure('socks5://:1080'), /no host|not a valid URL/);
  assert.match(failure('http://u:%E0%A4%A@proxy:8080'), /% escape/);
});

test('an error about an unparsable URL never echoes its password', () => {
  const message = failure('http://user:hunter2@pro xy:8080');
  assert.ok(!message.includes('hunter2'), message);
  assert.match(message, /\*\*\*@/);
});

test('SOCKS5 logins follow RFC 1929: both parts, at most 255 bytes each', () => {
  assert.match(failure('socks5://alice@proxy:1080'), /both a user name and a password/);
  assert.match(failure('socks5://:pw@proxy:1080'), /both a user name and a password/);
  assert.match(failure(`socks5://${'a'.repeat(256)}:pw@proxy:1080`), /255 bytes/);
  assert.ok(parseProxyUrl(`socks5://${'a'.repeat(255)}:pw@proxy:1080`).ok);
});

test('HTTP proxies accept a user name without a password (Basic sends "user:")', () => {
  assert.deepEqual(parsed('http://alice@proxy:8080'), { protocol: 'http', host: 'proxy', port: 8080, username: 'alice' });
});

test('a password written with a bare @ still parses (the last @ ends the login)', () => {
  assert.equal(parsed('http://user:p@ss@proxy:8080').password, 'p@ss');
});

test('display form hides the password and keeps everything else', () => {
  assert.equal(displayProxyUrl(parsed('http://user:secret@proxy:8080')), 'http://user:***@proxy:8080');
  assert.equal(displayProxyUrl(parsed('socks5h://a%20b:secret@10.0.0.1:1080')), 'socks5h://a%20b:***@10.0.0.1:1080');
  assert.equal(displayProxyUrl(parsed('http://alice@proxy:8080')), 'http://alice@proxy:8080');
  assert.equal(displayProxyUrl(parsed('https://proxy')), 'https://proxy:443');
  assert.ok(!displayProxyUrl(parsed('socks5://u:topsecret@h:1')).includes('topsecret'));
});
