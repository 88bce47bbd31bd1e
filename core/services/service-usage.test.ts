import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerUsage, requestUnits } from './service-usage.js';

test('tokens as each endpoint names them', () => {
  assert.deepEqual(answerUsage('embeddings', { usage: { prompt_tokens: 7, total_tokens: 7 } }), { usage: { inputTokens: 7, outputTokens: 0 }, units: {} });
  assert.deepEqual(answerUsage('images', { data: [{}, {}], usage: { input_tokens: 10, output_tokens: 4000, total_tokens: 4010 } }), {
    usage: { inputTokens: 10, outputTokens: 4000 },
    units: { images: 2 },
  });
  assert.deepEqual(answerUsage('rerank', { usage: { total_tokens: 30 } }), { usage: { inputTokens: 30, outputTokens: 0 }, units: { searches: 1 } });
});

test('units: images made, audio seconds, Cohere search units, speech characters', () => {
  assert.deepEqual(answerUsage('images', { data: [{}] }), { units: { images: 1 } });
  assert.deepEqual(answerUsage('transcriptions', { text: 'x', usage: { type: 'duration', seconds: 12 } }), { units: { audioSeconds: 12 } });
  assert.deepEqual(answerUsage('transcriptions', { text: 'x', duration: 3.5 }), { units: { audioSeconds: 3.5 } });
  assert.deepEqual(answerUsage('rerank', { meta: { billed_units: { search_units: 3 } } }), { units: { searches: 3 } });
  assert.deepEqual(requestUnits('speech', { input: 'héllo' }), { characters: 5 });
  assert.deepEqual(requestUnits('embeddings', { input: 'hello' }), {});
  assert.deepEqual(answerUsage('moderations', { results: [] }), { units: {} });
  assert.deepEqual(answerUsage('embeddings', { usage: { prompt_tokens: -1 } }), { units: {} }, 'a nonsense count is no count');
});
