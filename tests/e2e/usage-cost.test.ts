/**
 * Usage is taken from the upstream's own usage fields in every format, streamed or not, and
 * the request's cost follows from the configured prices: uncached input, cache reads, cache
 * writes and output each at their own price; a subscription account costs 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import type { RequestLogEntry } from '../../core/store/request-log-entry.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import type { RecordedRequest } from '../mock-upstream/index.js';
import { ask, logRow } from './usage-requests.js';
import { HARNESS_FORMATS, type HarnessFormat } from './harness.js';

interface Price {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
}

const PRICES: Record<HarnessFormat, Price> = {
  'openai-chat': { input: 2, output: 8, cachedInput: 0.5 },
  'openai-responses': { input: 1.5, output: 6, cachedInput: 0.25 },
  anthropic: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 },
  // No cached price: cache reads cost the input price.
  gemini: { input: 1.25, output: 10 },
};

const PRICING_YAML =
  'pricing:\n' +
  HARNESS_FORMATS.map((f) => `  ${UPSTREAMS[f].model}: ${JSON.stringify(PRICES[f])}`).join('\n') +
  '\n';

/** A client in another format for each upstream, so every client format translates once. */
const OTHER_CLIENT: Record<HarnessFormat, HarnessFormat> = {
  'openai-chat': 'anthropic',
  'openai-responses': 'gemini',
  anthropic: 'openai-chat',
  gemini: 'openai-responses',
};

/**
 * The counts the gateway can know from what the mock put on the wire (see the mock's
 * usageOf per format): Gemini omits zero cache and thought counts, Anthropic reports cache
 * writes but no reasoning count, the OpenAI formats report no cache writes.
 */
function expectedTokens(format: HarnessFormat, u: NonNullable<RecordedRequest['usage']>) {
  return {
    inputTokens: u.input,
    outputTokens: u.output,
    cachedTokens: format === 'gemini' && u.cached === 0 ? undefined : u.cached,
    cacheWriteTokens: format === 'anthropic' ? (u.cacheWrite ?? 0) : undefined,
    reasoningTokens: format === 'anthropic' || (format === 'gemini' && u.reasoning === 0) ? undefined : u.reasoning,
  };
}

function expectedCost(row: RequestLogEntry, p: Price): number {
  const cached = row.cachedTokens ?? 0;
  const written = row.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, (row.inputTokens ?? 0) - cached - written);
  return (uncached * p.input + cached * (p.cachedInput ?? p.input) + written * (p.cacheWrite ?? p.input) + (row.outputTokens ?? 0) * p.output) / 1e6;
}

function lastFor(h: Harness, apiKey: string): RecordedRequest {
  const found = h.mock.requests.filter((r) => r.apiKey === apiKey).at(-1);
  assert.ok(found?.usage, `the mock answered a request with key ${apiKey}`);
  return found;
}

let h: Harness;
before(async () => {
  h = await startHarness({ extraConfig: PRICING_YAML });
});
after(() => h.close());

for (const upstream of HARNESS_FORMATS) {
  for (const client of [upstream, OTHER_CLIENT[upstream]]) {
    for (const stream of [false, true]) {
      test(`${upstream} upstream, ${client} client, ${stream ? 'stream' : 'non-stream'}: tokens as reported, cost from the prices`, async () => {
        const { model, apiKey } = UPSTREAMS[upstream];
        const answer = await ask(h.url, client, { model, stream, reasoning: true, cacheControl: true });
        assert.equal(answer.status, 200, answer.text);
        const reported = lastFor(h, apiKey);
        const usage = reported.usage!;
        assert.ok(usage.reasoning > 0, 'the upstream was asked for reasoning');
        assert.ok(usage.cached > 0, 'part of the prompt was read from the cache');
        if (upstream === 'anthropic' && client === 'anthropic') assert.ok((usage.cacheWrite ?? 0) > 0, 'the breakpoint wrote to the cache');

        const row = await logRow(h, answer.requestId);
        assert.equal(row.status, 200);
        assert.equal(row.providerId, UPSTREAMS[upstream].provider);
        assert.deepEqual(
          {
            inputTokens: row.inputTokens,
            outputTokens: row.outputTokens,
            cachedTokens: row.cachedTokens,
            cacheWriteTokens: row.cacheWriteTokens,
            reasoningTokens: row.reasoningTokens,
          },
          expectedTokens(upstream, usage),
        );
        assert.equal(row.usageEstimated, undefined, 'the upstream reported usage; nothing was estimated');
        assert.ok(row.costUsd !== undefined && row.costUsd > 0);
        assert.ok(Math.abs(row.costUsd - expectedCost(row, PRICES[upstream])) < 1e-12, `cost ${row.costUsd} != ${expectedCost(row, PRICES[upstream])}`);
      });
    }
  }
}

test('a model without a price has no cost, but its tokens are logged', async () => {
  const g = await startHarness();
  try {
    const answer = await ask(g.url, 'openai-chat', { model: UPSTREAMS['openai-chat'].model, stream: false });
    const row = await logRow(g, answer.requestId);
    assert.equal(row.inputTokens, lastFor(g, UPSTREAMS['openai-chat'].apiKey).usage!.input);
    assert.equal(row.costUsd, undefined);
  } finally {
    await g.close();
  }
});

test('a subscription-billed account costs 0 and still counts its tokens', async () => {
  const g = await startHarness({ extraConfig: PRICING_YAML });
  try {
    const { provider, apiKey, model } = UPSTREAMS.anthropic;
    const block = `  - provider: ${provider}\n    label: main\n    apiKey: ${apiKey}\n`;
    const config = await readFile(g.configPath, 'utf8');
    assert.ok(config.includes(block));
    await writeFile(g.configPath, config.replace(block, `${block}    billing: subscription\n`));
    await g.restart();

    for (const stream of [false, true]) {
      const answer = await ask(g.url, 'anthropic', { model, stream, cacheControl: true });
      const row = await logRow(g, answer.requestId);
      assert.deepEqual(
        { inputTokens: row.inputTokens, outputTokens: row.outputTokens, cachedTokens: row.cachedTokens, cacheWriteTokens: row.cacheWriteTokens, reasoningTokens: row.reasoningTokens },
        expectedTokens('anthropic', lastFor(g, apiKey).usage!),
      );
      assert.ok((row.outputTokens ?? 0) > 0);
      assert.equal(row.costUsd, 0);
    }
    // The same prices still apply to the metered accounts of the same gateway.
    const metered = await ask(g.url, 'openai-chat', { model: UPSTREAMS['openai-chat'].model, stream: false });
    const row = await logRow(g, metered.requestId);
    assert.ok(Math.abs((row.costUsd ?? 0) - expectedCost(row, PRICES['openai-chat'])) < 1e-12 && (row.costUsd ?? 0) > 0);
  } finally {
    await g.close();
  }
});
