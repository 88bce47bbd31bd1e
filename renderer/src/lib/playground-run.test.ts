import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyProgress, isRunning, newRunId, refusedRun, startedRun, type PlaygroundResult } from './playground-run.js';

const result: PlaygroundResult = {
  requestId: 'r1', format: 'openai-chat', model: 'm', stream: true, status: 200, errorCode: null, provider: 'p', upstreamModel: 'u', upstreamFormat: 'anthropic',
  latencyMs: 10, ttftMs: 2, usage: null, costUsd: null, warnings: [], text: 'Hello!', thinking: '', textTruncated: false,
  upstreamRequest: null, upstreamResponse: null, clientResponse: null, attempts: [],
};

test('deltas grow the text while streaming; done brings the result', () => {
  let run = startedRun('run-1');
  assert.equal(run.phase, 'sending');
  assert.ok(isRunning(run));
  run = applyProgress(run, { runId: 'run-1', kind: 'delta', part: 'text', text: 'Hel' });
  run = applyProgress(run, { runId: 'run-1', kind: 'delta', part: 'thinking', text: 'hmm' });
  run = applyProgress(run, { runId: 'other', kind: 'delta', part: 'text', text: 'NOT MINE' });
  assert.equal(run.phase, 'streaming');
  assert.equal(run.text, 'Hel');
  assert.equal(run.thinking, 'hmm');
  run = applyProgress(run, { runId: 'run-1', kind: 'done', result });
  assert.equal(run.phase, 'done');
  assert.equal(run.text, 'Hello!');
  assert.equal(isRunning(run), false);
  assert.equal(applyProgress(run, { runId: 'run-1', kind: 'delta', part: 'text', text: 'late' }), run, 'nothing changes a finished run');
});

test('a refused or failed run keeps its reason', () => {
  assert.deepEqual(refusedRun(startedRun('a'), 'bad body').error, 'bad body');
  const failed = applyProgress(startedRun('a'), { runId: 'a', kind: 'error', message: 'boom' });
  assert.equal(failed.phase, 'failed');
  assert.equal(failed.error, 'boom');
});

test('run ids fit the gateway rule', () => {
  assert.match(newRunId(), /^[A-Za-z0-9_-]{8,64}$/);
  assert.equal(newRunId((b) => b.fill(171)), `pg-${'ab'.repeat(12)}`);
});
