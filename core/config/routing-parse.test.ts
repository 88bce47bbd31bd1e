import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './parse-config.js';

const opts = { fileName: 'c.yaml', env: {}, builtinProviderIds: ['openai', 'anthropic'] };
const connections = 'connections:\n  - { provider: openai, label: work, apiKey: k1 }\n  - { provider: anthropic, label: main, apiKey: k2 }\n';

test('combos, aliases, limits and routing settings parse', () => {
  const r = parseConfig(
    connections +
      `routing:\n  strategy: round-robin\n  maxAttempts: 4\n  maxWaitMs: 0\n  breaker: { threshold: 3, coolOffMs: 1000 }\n  disabledProviders: [anthropic]\n` +
      `combos:\n  - name: coding\n    strategy: fill-first\n    members:\n      - { model: anthropic/claude-sonnet-4-5 }\n      - { model: openai/gpt-5, connection: work }\n` +
      `aliases:\n  claude-3-5-sonnet-latest: anthropic/claude-sonnet-4-5\n  "claude-*": "anthropic/claude-*"\n` +
      `limits:\n  - { provider: openai, maxConcurrent: 2, minGapMs: 0, requestsPerMinute: 60 }\n`,
    opts,
  );
  assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
  assert.equal(r.config.routing.strategy, 'round-robin');
  assert.equal(r.config.routing.maxWaitMs, 0, '0 turns waiting for a cooling candidate off');
  assert.deepEqual(r.config.routing.breaker, { threshold: 3, coolOffMs: 1000 });
  assert.deepEqual(r.config.combos[0]?.members[1], { model: 'openai/gpt-5', connection: 'work' });
  assert.equal(r.config.aliases['claude-*'], 'anthropic/claude-*');
  assert.deepEqual(r.config.limits, [{ provider: 'openai', maxConcurrent: 2, minGapMs: 0, requestsPerMinute: 60 }]);
});

test('routing mistakes are reported with their paths', () => {
  const r = parseConfig(
    connections +
      `routing:\n  strategy: fastest\n  maxWaitMs: -1\n` +
      `combos:\n  - name: a\n    members:\n      - { model: nowhere/x }\n      - { model: bare-model }\n      - { model: openai/gpt-5, connection: home }\n  - name: a\n    members: [{ model: openai/gpt-5 }]\n  - name: empty\n    members: []\n` +
      `aliases:\n  "claude-*": anthropic/claude\n` +
      `limits:\n  - { provider: nobody, maxConcurrent: 0 }\n`,
    opts,
  );
  assert.ok(!r.ok);
  const text = r.errors.join('\n');
  for (const expected of [
    /^routing\.strategy: expected one of fill-first/m,
    /^routing\.maxWaitMs: must be an integer >= 0/m,
    /^combos\[0\]\.members\[0\]\.model: unknown provider "nowhere"/m,
    /^combos\[0\]\.members\[1\]\.model: must be "<provider>\/<model>"/m,
    /^combos\[0\]\.members\[2\]\.connection: no connection labelled "home" for provider "openai"/m,
    /^combos\[1\]\.name: duplicate combo name "a"/m,
    /^combos\[2\]\.members: a combo needs at least one member/m,
    /^aliases\.claude-\*: a wildcard alias ends in "\*" on both sides/m,
    /^limits\[0\]\.maxConcurrent: must be a positive integer/m,
  ]) {
    assert.match(text, expected);
  }
});
