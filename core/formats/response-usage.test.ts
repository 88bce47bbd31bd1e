import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WIRE_FORMATS } from './canonical.js';
import { codecs } from './registry.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'tests', 'golden');
const ctx = { requestId: 'usage1', now: 1_700_000_000_000 };

/** The error shapes of the four APIs: `{ error: {...} }`, Anthropic's `type: error`, a failed Response. */
function isErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { error?: unknown; type?: unknown; status?: unknown };
  return (typeof b.error === 'object' && b.error !== null) || b.type === 'error' || b.status === 'failed' || b.status === 'cancelled';
}

// Pass-through reads only the usage of an answer; it must read the same numbers the full
// decoder does, for every response body the golden files hold (errors and malformed ones too).
for (const format of WIRE_FORMATS) {
  test(`${format}: responseUsage equals the full decoder's usage on every golden response`, () => {
    const dir = join(GOLDEN, format, 'decode-response');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 3, `golden responses for ${format}`);
    let withUsage = 0;
    for (const file of files) {
      const { input } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { input: unknown };
      const full = codecs[format].decodeResponse(input, ctx);
      const narrow = codecs[format].responseUsage(input);
      if (full.ok) {
        assert.deepEqual(narrow, full.value.usage, `${format}/${file}`);
        if (full.value.usage.inputTokens > 0) withUsage++;
      } else if (isErrorBody(input)) {
        // A malformed body may still carry readable counts; an error body has none.
        assert.equal(narrow, undefined, `${format}/${file}: an error body has no usage`);
      }
    }
    assert.ok(withUsage > 0, `${format}: some golden response reports usage`);
  });
}
