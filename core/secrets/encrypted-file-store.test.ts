import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openEncryptedFileStore, SECRETS_FILE_NAME } from './encrypted-file-store.js';
import { resolveSecretKey, SECRET_KEY_ENV } from './secret-key.js';

let root = '';
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'omniroute-secrets-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
const freshDir = (): string => join(root, `d${++n}`);
const PLAIN = 'sk-live-THIS-IS-THE-PLAINTEXT-0123456789';

async function openWithKeyFile(dataDir: string) {
  const key = await resolveSecretKey({ dataDir, env: {} });
  return openEncryptedFileStore({ dataDir, key });
}

type SecretsFile = Record<string, { iv: string; tag: string; data: string }>;
async function readSecretsFile(dataDir: string): Promise<SecretsFile> {
  return JSON.parse(await readFile(join(dataDir, SECRETS_FILE_NAME), 'utf8')) as SecretsFile;
}

test('round trip: set, get, overwrite, delete, and persistence across reopen', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  assert.equal(store.kind, 'encrypted-file');
  assert.equal(await store.get('a'), null);
  await store.set('a', PLAIN);
  await store.set('b', 'ünïcödé 🔑');
  await store.set('a', 'second');
  assert.equal(await store.get('a'), 'second');
  assert.equal(await store.get('b'), 'ünïcödé 🔑');
  await store.delete('a');
  await store.delete('never-stored');
  assert.equal(await store.get('a'), null);

  const reopened = await openWithKeyFile(dataDir);
  assert.equal(await reopened.get('b'), 'ünïcödé 🔑');
  assert.equal(await reopened.get('a'), null);
  await assert.rejects(reopened.set('', 'x'), /non-empty/);
});

test('the file holds ciphertext only, with a fresh IV per write, mode 0600, no temp files left', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  await store.set('one', PLAIN);
  const first = (await readSecretsFile(dataDir))['one'];
  await store.set('one', PLAIN);
  const second = (await readSecretsFile(dataDir))['one'];
  assert.ok(first && second);
  assert.notEqual(first.iv, second.iv);
  assert.notEqual(first.data, second.data);
  assert.equal(Buffer.from(second.iv, 'base64').length, 12);

  const raw = await readFile(join(dataDir, SECRETS_FILE_NAME), 'utf8');
  assert.ok(!raw.includes(PLAIN), 'plaintext on disk');
  assert.ok(!raw.includes(Buffer.from(PLAIN).toString('base64')), 'base64 plaintext on disk');
  assert.ok(!raw.includes('THIS-IS-THE'), 'a fragment of the plaintext on disk');
  assert.equal((await stat(join(dataDir, SECRETS_FILE_NAME))).mode & 0o777, 0o600);
  assert.equal((await stat(join(dataDir, 'secret.key'))).mode & 0o777, 0o600);
  assert.deepEqual((await readdir(dataDir)).sort(), ['secret.key', SECRETS_FILE_NAME]);
});

test('concurrent writes are serialised and none is lost', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
  for (let i = 0; i < 20; i++) assert.equal(await store.get(`k${i}`), `v${i}`);
});

test('a tampered ciphertext is rejected with an error naming the file', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  await store.set('a', PLAIN);
  const file = await readSecretsFile(dataDir);
  const entry = file['a'];
  assert.ok(entry);
  const data = Buffer.from(entry.data, 'base64');
  data[0] = (data[0] ?? 0) ^ 0x01;
  entry.data = data.toString('base64');
  await writeFile(join(dataDir, SECRETS_FILE_NAME), JSON.stringify(file));
  const path = join(dataDir, SECRETS_FILE_NAME);
  await assert.rejects(store.get('a'), (e: Error) => e.message.includes(`cannot decrypt ${path}`));
  await assert.rejects(openWithKeyFile(dataDir), (e: Error) => e.message.includes(path));
});

test('a ciphertext moved to another ref is rejected', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  await store.set('a', PLAIN);
  await store.set('b', 'other');
  const file = await readSecretsFile(dataDir);
  file['b'] = file['a'] ?? file['b']!;
  await writeFile(join(dataDir, SECRETS_FILE_NAME), JSON.stringify(file));
  await assert.rejects(store.get('b'), /cannot decrypt/);
});

test('a malformed file is rejected with an error naming it', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  await store.set('a', PLAIN);
  const path = join(dataDir, SECRETS_FILE_NAME);
  await writeFile(path, '{"a": {"iv": 1}}');
  await assert.rejects(store.get('a'), (e: Error) => e.message.startsWith(path) && /shape/.test(e.message));
  await writeFile(path, '{not json');
  await assert.rejects(store.get('a'), (e: Error) => e.message.startsWith(path) && /not valid JSON/.test(e.message));
});

test('a wrong key is rejected at open, naming the file and the key source, never returning garbage', async () => {
  const dataDir = freshDir();
  const store = await openWithKeyFile(dataDir);
  await store.set('a', PLAIN);
  const wrong = { key: randomBytes(32), source: 'test key' };
  await assert.rejects(openEncryptedFileStore({ dataDir, key: wrong }), (e: Error) => {
    assert.ok(e.message.includes(join(dataDir, SECRETS_FILE_NAME)), e.message);
    assert.ok(e.message.includes('test key'), e.message);
    assert.ok(!e.message.includes(PLAIN));
    return true;
  });
  // Replacing the key file after open is caught on read as well.
  await writeFile(join(dataDir, 'secret.key'), randomBytes(32).toString('hex'));
  await assert.rejects(openWithKeyFile(dataDir), /cannot decrypt/);
});

test('the key comes from OMNIROUTE_SECRET_KEY (hex or base64) and then no key file is made', async () => {
  const dataDir = freshDir();
  const raw = randomBytes(32);
  const hexKey = await resolveSecretKey({ dataDir, env: { [SECRET_KEY_ENV]: raw.toString('hex') } });
  assert.deepEqual(hexKey.key, raw);
  assert.match(hexKey.source, /OMNIROUTE_SECRET_KEY/);
  const store = await openEncryptedFileStore({ dataDir, key: hexKey });
  await store.set('a', PLAIN);

  const b64Key = await resolveSecretKey({ dataDir, env: { [SECRET_KEY_ENV]: raw.toString('base64') } });
  const again = await openEncryptedFileStore({ dataDir, key: b64Key });
  assert.equal(await again.get('a'), PLAIN);
  assert.deepEqual(await readdir(dataDir), [SECRETS_FILE_NAME], 'no key file next to the secrets');

  // The key file is ignored while the variable is set, so switching to it fails loudly.
  await assert.rejects(openWithKeyFile(dataDir), /cannot decrypt/);
});

test('a malformed OMNIROUTE_SECRET_KEY is an error that does not echo the value', async () => {
  const bad = 'not-a-key-but-maybe-a-secret';
  await assert.rejects(resolveSecretKey({ dataDir: freshDir(), env: { [SECRET_KEY_ENV]: bad } }), (e: Error) => {
    assert.match(e.message, /64 hex characters or the base64 of 32 bytes/);
    assert.ok(!e.message.includes(bad));
    return true;
  });
  const short = randomBytes(16).toString('hex');
  await assert.rejects(resolveSecretKey({ dataDir: freshDir(), env: { [SECRET_KEY_ENV]: short } }), /64 hex/);
});

test('the key file is created once with 32 random bytes and reused; opts.keyFile moves it', async () => {
  const dataDir = freshDir();
  const first = await resolveSecretKey({ dataDir, env: {} });
  const second = await resolveSecretKey({ dataDir, env: {} });
  assert.equal(first.key.length, 32);
  assert.deepEqual(second.key, first.key);
  assert.equal(first.source, `key file ${join(dataDir, 'secret.key')}`);

  const keyFile = join(freshDir(), 'nested', 'my.key');
  const other = await resolveSecretKey({ dataDir, keyFile, env: {} });
  assert.notDeepEqual(other.key, first.key);
  assert.equal((await stat(keyFile)).mode & 0o777, 0o600);

  await writeFile(keyFile, 'garbage');
  await assert.rejects(resolveSecretKey({ dataDir, keyFile, env: {} }), (e: Error) => e.message.includes(keyFile));
  await writeFile(keyFile, randomBytes(32));
  assert.equal((await resolveSecretKey({ dataDir, keyFile, env: {} })).key.length, 32, 'raw 32-byte key files are accepted');
});
