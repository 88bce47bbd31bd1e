/**
 * Combo strategies end to end: a round-robin combo spreads consecutive requests over its
 * members, where the default fill-first keeps sending them to the first.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { callsWith, chat } from './routing-fixtures.js';

const CHAT = UPSTREAMS['openai-chat'];
const GEM = UPSTREAMS.gemini;

let h: Harness;
before(async () => {
  const combo = (name: string, strategy: string) => [`  - name: ${name}`, `    strategy: ${strategy}`, '    members:', `      - model: ${CHAT.model}`, `      - model: ${GEM.model}`];
  h = await startHarness({ extraConfig: ['combos:', ...combo('rr', 'round-robin'), ...combo('ff', 'fill-first'), ''].join('\n') });
});
after(() => h.close());

async function providersFor(model: string, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await chat(h, model, `request ${i}`);
    assert.equal(r.text, `Hello! You said: request ${i}`);
    assert.equal(r.fallbacks, '0');
    seen.push(r.provider ?? '');
  }
  return seen;
}

describe('combo strategies', () => {
  test('round-robin alternates between the two members', async () => {
    const seen = await providersFor('rr', 6);
    assert.equal(seen.filter((p) => p === CHAT.provider).length, 3, seen.join(','));
    assert.equal(seen.filter((p) => p === GEM.provider).length, 3, seen.join(','));
    for (let i = 1; i < seen.length; i++) assert.notEqual(seen[i], seen[i - 1], `consecutive requests went to one member: ${seen.join(',')}`);
    assert.equal(callsWith(h.mock, CHAT.apiKey), 3);
    assert.equal(callsWith(h.mock, GEM.apiKey), 3);
  });

  test('fill-first keeps using the first member while it answers', async () => {
    const seen = await providersFor('ff', 4);
    assert.deepEqual(new Set(seen), new Set([CHAT.provider]));
  });
});
