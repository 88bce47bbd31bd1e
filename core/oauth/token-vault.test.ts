import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretStore } from '../secrets/index.js';
import { createTokenVault, oauthSecretRef } from './token-vault.js';

test('tokens are one record per account in the secret store, encrypted at rest, and a damaged record reads as none', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-vault-'));
  try {
    const secrets = await createSecretStore({ dataDir, preferKeychain: false });
    const vault = createTokenVault(secrets);
    const tokens = { accessToken: 'at-canary-5b1e', refreshToken: 'rt-canary-77c0', expiresAt: 1_800_000_000_000 };
    await vault.write('acct-1', tokens);
    assert.deepEqual(await vault.read('acct-1'), tokens);
    assert.equal(await vault.read('acct-2'), undefined);
    for (const name of await readdir(dataDir, { recursive: true })) {
      const bytes = await readFile(join(dataDir, name)).catch(() => Buffer.alloc(0));
      assert.ok(!bytes.includes('at-canary-5b1e') && !bytes.includes('rt-canary-77c0'), `${name} holds no token in clear`);
    }
    await secrets.set(oauthSecretRef('acct-3'), '{"accessToken":');
    assert.equal(await vault.read('acct-3'), undefined);
    await vault.remove('acct-1');
    assert.equal(await vault.read('acct-1'), undefined);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
