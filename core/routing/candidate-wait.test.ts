import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateWait, WAIT_SPREAD_MS } from './candidate-wait.js';
import type { CandidateWaitInput } from './candidate-wait.js';

const NOW = Date.UTC(2030, 0, 1);

function input(more: Partial<CandidateWaitInput>): CandidateWaitInput {
  return { freeAt: NOW + 1_000, now: NOW, budgetLeftMs: 120_000, waitedMs: 0, maxWaitMs: 10_000, random: () => 0, ...more };
}

test('a candidate that frees in 1 s is waited for, until it frees', () => {
  assert.equal(candidateWait(input({})), 1_000);
});

test('waiters are spread over a short window after the free time', () => {
  assert.equal(candidateWait(input({ random: () => 0.5 })), 1_000 + WAIT_SPREAD_MS / 2);
  const latest = candidateWait(input({ random: () => 0.999999 }))!;
  assert.ok(latest >= 1_000 && latest < 1_000 + WAIT_SPREAD_MS, String(latest));
});

test('nothing that frees by itself (an open breaker, an unknown end) is waited for', () => {
  assert.equal(candidateWait(input({ freeAt: undefined })), undefined);
});

test('maxWaitMs 0 never waits, even for a candidate about to free', () => {
  assert.equal(candidateWait(input({ maxWaitMs: 0, freeAt: NOW + 1 })), undefined);
});

test('a candidate that frees after maxWaitMs is not waited for', () => {
  assert.equal(candidateWait(input({ freeAt: NOW + 10_001 })), undefined);
  assert.equal(candidateWait(input({ freeAt: NOW + 10_000 })), 10_000, 'exactly maxWaitMs away is still within it');
});

test('maxWaitMs bounds the total wait of one request, not each wait', () => {
  assert.equal(candidateWait(input({ waitedMs: 9_500 })), undefined, '1 s more would make 10.5 s');
  assert.equal(candidateWait(input({ waitedMs: 9_000 })), 1_000);
  assert.equal(candidateWait(input({ waitedMs: 10_000, freeAt: NOW + 1 })), undefined);
});

test('a candidate that frees only as the time budget ends is not waited for', () => {
  assert.equal(candidateWait(input({ budgetLeftMs: 1_000 })), undefined);
  assert.equal(candidateWait(input({ budgetLeftMs: 1_001 })), 1_000);
});

test('the spread never takes the wait past maxWaitMs or the budget', () => {
  assert.equal(candidateWait(input({ waitedMs: 9_000, random: () => 0.9 })), 1_000);
  assert.equal(candidateWait(input({ budgetLeftMs: 1_050, random: () => 0.9 })), 1_050);
});

test('a candidate already free (a race between plan and now) waits a few ms, never 0', () => {
  const ms = candidateWait(input({ freeAt: NOW - 50 }))!;
  assert.ok(ms > 0 && ms < 20, String(ms));
});

test('the clock is the one passed in: the same free time is further away earlier', () => {
  assert.equal(candidateWait(input({ now: NOW - 2_000 })), 3_000);
  assert.equal(candidateWait(input({ now: NOW + 900 })), 100);
});
