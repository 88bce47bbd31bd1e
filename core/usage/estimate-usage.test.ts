import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokensForChars as estimateOutputTokens } from '../pipeline/estimate-tokens.js';
import { streamUsage } from './estimate-usage.js';

const never = () => {
  throw new Error('the input was reported; it must not be estimated');
};

test('a finished stream with full usage books exactly what the upstream reported', () => {
  const reported = { inputTokens: 20, outputTokens: 3, cachedInputTokens: 5, reasoningTokens: 1 };
  assert.deepEqual(streamUsage({ reported, final: true, outputChars: 400, estimateInput: never }), { usage: reported, estimated: false });
});

test('no usage at all: input from the request, output from the relayed characters', () => {
  const out = streamUsage({ reported: {}, final: true, outputChars: 41, estimateInput: () => 33 });
  assert.deepEqual(out, { usage: { inputTokens: 33, outputTokens: 11 }, estimated: true });
});

test('a cut stream keeps the reported input and cache counts but estimates a stale output count', () => {
  const reported = { inputTokens: 50, cachedInputTokens: 10, cacheWriteTokens: 4, outputTokens: 1 };
  const out = streamUsage({ reported, final: false, outputChars: 80, estimateInput: never });
  assert.deepEqual(out, { usage: { ...reported, outputTokens: 20 }, estimated: true });
});

test('a cut stream whose reported output already covers the text keeps it', () => {
  const reported = { inputTokens: 50, outputTokens: 30 };
  assert.deepEqual(streamUsage({ reported, final: false, outputChars: 80, estimateInput: never }), { usage: reported, estimated: false });
});

test('output estimate rounds up', () => {
  assert.equal(estimateOutputTokens(0), 0);
  assert.equal(estimateOutputTokens(1), 1);
  assert.equal(estimateOutputTokens(8), 2);
});
