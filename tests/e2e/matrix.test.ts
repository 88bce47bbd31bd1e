/**
 * Every client format x every upstream format, through the real gateway, with the official
 * SDKs on the client side and the strict mock upstream on the other.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError } from '@google/genai';
import OpenAI from 'openai';
import { anthropicDriver } from './clients/anthropic.js';
import { geminiDriver } from './clients/gemini.js';
import { openaiChatDriver } from './clients/openai-chat.js';
import { openaiResponsesDriver } from './clients/openai-responses.js';
import type { ClientDriver, NeutralUsage } from './clients/types.js';
import { TOOL_RESULT } from './clients/types.js';
import { lastUpstreamRequest, PNG_1X1, PNG_BYTES, startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { HARNESS_FORMATS, type HarnessFormat } from './harness.js';

let h: Harness;
const drivers = {} as Record<HarnessFormat, ClientDriver>;

before(async () => {
  h = await startHarness();
  drivers['openai-chat'] = openaiChatDriver(h.url);
  drivers['openai-responses'] = openaiResponsesDriver(h.url);
  drivers.anthropic = anthropicDriver(h.url);
  drivers.gemini = geminiDriver(h.url);
});
after(() => h.close());

/** The usage the client saw must be exactly what the upstream reported, in the client's terms. */
function assertUsage(client: ClientDriver, upstream: HarnessFormat, seen: NeutralUsage): void {
  const reported = lastUpstreamRequest(h.mock, UPSTREAMS[upstream].apiKey).usage;
  assert.ok(reported, 'the mock recorded no usage');
  assert.ok(reported.input > 0 && reported.output > 0, 'the mock reports real counts');
  for (const field of client.usageFields) {
    // Anthropic's wire format has no separate reasoning count to translate from.
    if (field === 'reasoning' && upstream === 'anthropic') continue;
    assert.equal(seen[field], reported[field], `usage.${field}`);
  }
}

function assertRateLimited(format: HarnessFormat, err: unknown): void {
  if (format === 'anthropic') assert.ok(err instanceof Anthropic.RateLimitError, `expected Anthropic.RateLimitError, got ${String(err)}`);
  else if (format === 'gemini') assert.ok(err instanceof ApiError && err.status === 429, `expected ApiError 429, got ${String(err)}`);
  else assert.ok(err instanceof OpenAI.RateLimitError, `expected OpenAI.RateLimitError, got ${String(err)}`);
}

for (const clientFormat of HARNESS_FORMATS) {
  for (const upstream of HARNESS_FORMATS) {
    const model = UPSTREAMS[upstream].model;
    describe(`${clientFormat} client -> ${upstream} upstream`, () => {
      test('plain text with usage', async () => {
        const r = await drivers[clientFormat].text(model, 'hello gateway');
        assert.equal(r.text, 'Hello! You said: hello gateway');
        assertUsage(drivers[clientFormat], upstream, r.usage);
      });

      test('streaming text with usage', async () => {
        const r = await drivers[clientFormat].streamText(model, 'stream this please');
        assert.equal(r.text, 'Hello! You said: stream this please');
        assert.ok(r.deltas >= 2, `text arrived in ${r.deltas} deltas`);
        assertUsage(drivers[clientFormat], upstream, r.usage);
      });

      for (const streamed of [false, true]) {
        test(`two-turn tool call round trip${streamed ? ' (streamed arguments)' : ''}`, async () => {
          const r = await drivers[clientFormat].toolRoundTrip(model, streamed);
          assert.equal(r.call.name, 'get_weather');
          assert.deepEqual(r.call.args, { city: 'Paris', unit: 'celsius' });
          assert.match(r.finalText, new RegExp(`^Tool said: .*${TOOL_RESULT}`));
          if (streamed) {
            // Arguments stream in pieces unless Gemini (which sends whole calls) is on either side.
            const min = clientFormat === 'gemini' || upstream === 'gemini' ? 1 : 3;
            assert.ok(r.argumentPieces >= min, `arguments arrived in ${r.argumentPieces} pieces`);
          }
        });
      }

      test('image input', async () => {
        assert.equal(await drivers[clientFormat].image(model, PNG_1X1), `I see an image (image/png, ${PNG_BYTES} bytes)`);
      });

      for (const streamed of [false, true]) {
        test(`reasoning${streamed ? ' (streamed)' : ''}`, async () => {
          const r = await drivers[clientFormat].reasoning(model, streamed);
          assert.equal(r.reasoning, 'Let me think about this.');
          assert.equal(r.text, 'Hello! You said: Think first.');
        });
      }

      test('upstream 429 surfaces as the SDK typed rate-limit error', async () => {
        // Retry-After beyond routing.maxWaitMs (10 s), so the gateway answers 429 instead of waiting.
        h.mock.inject({ match: { apiKey: UPSTREAMS[upstream].apiKey }, fault: { kind: 'status', status: 429, retryAfter: '60' } });
        assertRateLimited(clientFormat, await drivers[clientFormat].failure(model));
        // The 429 cooled the only account down for 60 s (routing's job, tested on its own);
        // the manual reset gives the next pair a fresh account.
        assert.deepEqual(await h.gateway.control.call('routing.reset', { all: true }), { reset: true });
      });
    });
  }
}

describe('Anthropic extended thinking with tool use across two turns', () => {
  for (const upstream of HARNESS_FORMATS) {
    test(`-> ${upstream} upstream`, async () => {
      const r = await anthropicDriver(h.url).thinkingToolRoundTrip(UPSTREAMS[upstream].model);
      assert.ok(r.signature.length > 0, 'every thinking block carries a signature');
      assert.match(r.finalText, new RegExp(`^Tool said: .*${TOOL_RESULT}`));
    });
  }
});
