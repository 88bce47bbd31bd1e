import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sealedSchema } from './config-document.js';

function sealedWith(kdf: { N: number; r: number; p: number }): unknown {
  return { cipher: 'aes-256-gcm', kdf: { name: 'scrypt', salt: 'AAAA', ...kdf }, iv: 'AAAA', tag: 'AAAA', data: '' };
}

test('the scrypt cost must be a power of two within bounds, r and p within bounds', () => {
  for (const N of [16_384, 32_768, 65_536, 131_072]) assert.equal(sealedSchema.safeParse(sealedWith({ N, r: 8, p: 1 })).success, true, `N = ${N}`);
  for (const N of [20_000, 32_767, 32_769, 100_000, 8_192, 262_144]) {
    const r = sealedSchema.safeParse(sealedWith({ N, r: 8, p: 1 }));
    assert.equal(r.success, false, `N = ${N}`);
  }
  assert.match(sealedSchema.safeParse(sealedWith({ N: 20_000, r: 8, p: 1 })).error?.issues[0]?.message ?? '', /power of two/);
  for (const [r, p] of [[7, 1], [9, 1], [8, 0], [8, 5]] as const) assert.equal(sealedSchema.safeParse(sealedWith({ N: 32_768, r, p })).success, false, `r = ${r}, p = ${p}`);
});
