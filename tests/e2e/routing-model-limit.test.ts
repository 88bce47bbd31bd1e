/**
 * OpenAI's rate limits are per model ("Rate limit reached for <model> in organization ..."):
 * such a 429 cools only that model on that account, which stays usable for other models.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { BACKUP, callsWith, chat, connectionId, manualClock } from './routing-fixtures.js';

const clock = manualClock();
let h: Harness;
before(async () => {
  h = await startHarness({ extraConnections: [BACKUP], gateway: { clock: clock.now } });
});
after(() => h.close());

const MAIN_KEY = UPSTREAMS['openai-chat'].apiKey;
const LIMITED = UPSTREAMS['openai-chat'].upstreamModel;
// Not declared by the provider: `<prefix>/<model>` routes to it all the same.
const OTHER = 'mock-chat-2';

describe('a model-scoped rate limit', () => {
  test('cools one model on the account; another model on the same account is still served by it', async () => {
    h.mock.inject({
      match: { apiKey: MAIN_KEY, model: LIMITED },
      fault: {
        kind: 'status',
        status: 429,
        retryAfter: '60',
        body: {
          error: {
            message: `Rate limit reached for ${LIMITED} in organization org-mock on tokens per min (TPM): Limit 30000, Used 30000, Requested 120. Please try again in 60s.`,
            type: 'tokens',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
      },
    });
    const limited = await chat(h, `up-chat/${LIMITED}`, 'one');
    assert.equal(limited.text, 'Hello! You said: one');
    assert.deepEqual([limited.account, limited.fallbacks], ['backup', '1']);

    const mainId = await connectionId(h, 'up-chat', 'main');
    const { cooldowns } = await h.gateway.control.call('routing.status', {});
    assert.deepEqual(
      cooldowns.map((c) => c.key),
      [`model:${mainId}:${LIMITED}`],
      'only the model on main cools down, not the whole account',
    );

    clock.advance(5_000);
    const other = await chat(h, `up-chat/${OTHER}`, 'two');
    assert.equal(other.text, 'Hello! You said: two');
    assert.deepEqual([other.account, other.attempts, other.fallbacks], ['main', '1', '0']);
    assert.equal(callsWith(h.mock, MAIN_KEY, OTHER), 1, 'main served the other model');

    // The limited model still skips main while it cools.
    const again = await chat(h, `up-chat/${LIMITED}`, 'three');
    assert.deepEqual([again.account, again.attempts, again.fallbacks], ['backup', '1', '0']);
    assert.equal(callsWith(h.mock, MAIN_KEY, LIMITED), 1);
    assert.equal(callsWith(h.mock, BACKUP.apiKey, LIMITED), 2);
  });
});
