// The mock must stay an independent model of the provider APIs: if it shared code with core,
// a translation bug in core could be mirrored here and every end-to-end test would still pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

test('mock-upstream modules import only each other and node: built-ins, never core/', () => {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(sources.includes('index.ts'));
  for (const file of sources) {
    const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
    for (const spec of imports) {
      assert.ok(spec.startsWith('./') || spec.startsWith('node:'), `${file} imports ${spec}`);
      assert.ok(!/\bcore\b/.test(spec), `${file} imports ${spec}`);
    }
  }
});
