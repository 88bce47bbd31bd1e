// The mock must stay an independent model of the provider APIs: if it shared code with core,
// a translation bug in core could be mirrored here and every end-to-end test would still pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Third-party parsers the mock may use: independent, widely used implementations of a wire
// format (busboy: multipart/form-data), so a bug in the gateway's own parsing is not mirrored.
const THIRD_PARTY = new Set(['busboy']);

test('mock-upstream modules import only each other, node: built-ins and listed parsers, never core/', () => {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(sources.includes('index.ts'));
  for (const file of sources) {
    const imports = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
    for (const spec of imports) {
      assert.ok(spec.startsWith('./') || spec.startsWith('node:') || THIRD_PARTY.has(spec), `${file} imports ${spec}`);
      assert.ok(!/\bcore\b/.test(spec), `${file} imports ${spec}`);
    }
  }
});
