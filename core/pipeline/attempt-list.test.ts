import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LOGGED_ATTEMPTS } from '../store/logged-attempts.js';
import { finishAttempt, startAttempt, type AttemptTarget } from './attempt-list.js';
import { newRequestRecord, toLogEntry } from './request-record.js';

function target(id: string): AttemptTarget {
  return { provider: { id, format: 'anthropic' }, connection: { id: `${id}-acct`, label: `${id} label` }, model: `${id}-model` };
}

test('the list is bounded: the first ones and the latest stay, the rest are counted', () => {
  const record = newRequestRecord({ requestId: 'r', ts: 0 }, 'anthropic');
  const total = MAX_LOGGED_ATTEMPTS + 5;
  for (let n = 1; n <= total; n++) finishAttempt(startAttempt(record, target(`p${n}`), n), 'failed', undefined, performance.now());
  const list = record.attemptList ?? [];
  assert.equal(list.length, MAX_LOGGED_ATTEMPTS);
  assert.deepEqual(list.slice(0, 3).map((a) => a.n), [1, 2, 3]);
  assert.equal(list.at(-2)?.n, MAX_LOGGED_ATTEMPTS - 1);
  assert.equal(list.at(-1)?.n, total, 'the last slot holds the latest attempt');
  assert.equal(record.attemptsOmitted, total - MAX_LOGGED_ATTEMPTS);
});

test('the record hands the list to the log entry as is, and no key goes with it', () => {
  const record = newRequestRecord({ requestId: 'r', ts: 0 }, 'anthropic');
  const attempt = startAttempt(record, target('a'), 1);
  finishAttempt(attempt, 'failed', { code: 'authentication_failed', status: 401, retryable: true, scope: 'account', error: { status: 401, kind: 'authentication', message: 'bad key sk-secret' } }, performance.now());
  const entry = toLogEntry(record);
  assert.equal(entry.attemptList, record.attemptList, 'no copy on the hot path');
  assert.equal(entry.attemptList?.[0]?.errorCode, 'authentication_failed');
  assert.doesNotMatch(JSON.stringify(entry.attemptList), /sk-secret|bad key/);
});
