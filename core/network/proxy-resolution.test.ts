import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SecretStore } from '../secrets/index.js';
import { resolveProxies } from './proxy-resolution.js';
import { EMPTY_PROXIES, proxySecretRef, type StoredProxies } from './proxy-settings.js';

function memorySecrets(entries: Record<string, string> = {}): SecretStore {
  const map = new Map(Object.entries(entries));
  return {
    kind: 'encrypted-file',
    get: async (ref) => map.get(ref) ?? null,
    set: async (ref, value) => void map.set(ref, value),
    delete: async (ref) => void map.delete(ref),
  };
}

const stored: StoredProxies = {
  global: 'http://127.0.0.1:3128',
  providers: { groq: 'socks5://user@127.0.0.1:1080' },
  connections: { c1: 'http://127.0.0.1:8888' },
  noProxy: '',
};

test('the narrowest setting wins: account, then provider, then global, then the environment', async () => {
  const secrets = memorySecrets({ [proxySecretRef({ kind: 'provider', id: 'groq' })]: 'pw' });
  const resolved = await resolveProxies(stored, secrets, { HTTPS_PROXY: 'http://127.0.0.1:9999' });
  assert.equal(resolved.forConnection({ id: 'c1', providerId: 'groq' }, false)?.port, 8888);
  const byProvider = resolved.forConnection({ id: 'c2', providerId: 'groq' }, false);
  assert.deepEqual(byProvider, { protocol: 'socks5', host: '127.0.0.1', port: 1080, username: 'user', password: 'pw' });
  assert.equal(resolved.forConnection({ id: 'c3', providerId: 'openai' }, false)?.port, 3128);
  const envOnly = await resolveProxies(EMPTY_PROXIES, secrets, { HTTPS_PROXY: 'http://127.0.0.1:9999', NO_PROXY: 'example.com' });
  assert.equal(envOnly.forConnection({ id: 'c3', providerId: 'openai' }, false)?.port, 9999);
  assert.equal(envOnly.noProxy, 'example.com');
  assert.equal((await resolveProxies(EMPTY_PROXIES, secrets, {})).forConnection({ id: 'c3', providerId: 'openai' }, false), undefined);
});

test('a model server on this machine skips the global and environment proxies, not one set for it', async () => {
  const resolved = await resolveProxies({ ...stored, connections: { mine: 'http://127.0.0.1:8888' } }, memorySecrets(), { HTTPS_PROXY: 'http://127.0.0.1:9999' });
  assert.equal(resolved.forConnection({ id: 'other', providerId: 'ollama' }, true), undefined);
  assert.equal(resolved.forConnection({ id: 'mine', providerId: 'ollama' }, true)?.port, 8888);
});

test('a SOCKS5 login whose password is gone from the secret store is never sent without it: the next setting applies', async () => {
  const resolved = await resolveProxies(stored, memorySecrets(), {});
  assert.equal(resolved.forConnection({ id: 'c2', providerId: 'groq' }, false)?.port, 3128);
});
