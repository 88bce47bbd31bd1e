import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticFiles, DASHBOARD_CSP } from './static-files.js';

let dir: string;
let server: Server;
let port: number;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'static-files-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>dash</title>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc123.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'a b.txt'), 'spaced');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(dir, 'secret.txt'), 'outside the root');

  const serve = createStaticFiles(root);
  server = createServer((req, res) => {
    // The raw path on purpose: traversal attempts must reach the handler undigested.
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    serve(req, res, pathname).then(
      (served) => {
        if (!served) res.writeHead(404).end('not found');
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** Sends the path byte for byte (fetch would normalise ../ away before it left). */
function raw(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('/ serves index.html with the CSP and nosniff', async () => {
  const res = await raw('/');
  assert.equal(res.status, 200);
  assert.equal(res.body, '<!doctype html><title>dash</title>');
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(res.headers['content-security-policy'], DASHBOARD_CSP);
  assert.match(DASHBOARD_CSP, /frame-ancestors 'none'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['cache-control'], 'no-cache');
});

test('assets get their content type and a long cache', async () => {
  const js = await raw('/assets/index-abc123.js?v=1');
  assert.equal(js.status, 200);
  assert.equal(js.body, 'console.log(1)');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.match(String(js.headers['cache-control']), /immutable/);
  assert.equal((await raw('/assets/index-abc123.css')).headers['content-type'], 'text/css; charset=utf-8');
  assert.equal((await raw('/assets/logo.svg')).headers['content-type'], 'image/svg+xml');
  assert.equal((await raw('/assets/a%20b.txt')).body, 'spaced');
});

test('HEAD sends headers only', async () => {
  const res = await raw('/index.html', 'HEAD');
  assert.equal(res.status, 200);
  assert.equal(res.body, '');
  assert.equal(res.headers['content-length'], String('<!doctype html><title>dash</title>'.length));
});

test('missing files, directories and other methods fall through (false)', async () => {
  assert.equal((await raw('/nope.js')).status, 404);
  assert.equal((await raw('/assets')).status, 404);
  assert.equal((await raw('/assets/')).status, 404);
  assert.equal((await raw('/', 'POST')).status, 404);
  assert.equal((await raw('/.env')).status, 404);
});

test('no directory traversal, however it is spelled', async () => {
  const attempts = [
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%00index.html',
    '/index.html%00.js',
    '/%E0%A4%A',
    `/${'..%2f'.repeat(8)}etc/passwd`,
    '//etc/passwd',
  ];
  for (const path of attempts) {
    const res = await raw(path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /outside the root|root:/, path);
  }
});
