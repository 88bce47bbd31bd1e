import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSV_HEADERS, csvCell, exportFileName, toCsv, toJsonLines } from './logs-export.js';
import type { LogEntry } from './logs-types.js';

const base: LogEntry = {
  id: 'r1', ts: Date.UTC(2024, 2, 10, 10, 5), clientFormat: 'openai-chat', requestedModel: 'gpt-4o', providerId: 'openai', connectionId: 'c1', upstreamModel: 'gpt-4o-2024', upstreamFormat: 'openai-chat',
  stream: true, status: 200, latencyMs: 120, ttftMs: 40, inputTokens: 10, outputTokens: 5, cachedTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: 0.0012, usageEstimated: false,
  keyLabel: 'alice', errorCode: null, attempts: 2, fallbacks: 1, warnings: ['dropped: logprobs', 'x'], endpoint: null,
};

test('cells: separators, quotes and line breaks are quoted; nulls are empty', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(' padded'), '" padded"');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(-3), '-3', 'numbers are data, not formulas');
  assert.equal(csvCell(false), 'false');
});

test('cells a spreadsheet would run as a formula get an apostrophe', () => {
  for (const evil of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx']) assert.equal(csvCell(evil).replace(/^"/, '').startsWith("'"), true, JSON.stringify(evil));
  assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
});

test('toCsv: a header line, one line per entry, CRLF endings', () => {
  const csv = toCsv([base, { ...base, id: 'r2', requestedModel: '=cmd|calc', warnings: [] }]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], CSV_HEADERS.join(','));
  assert.equal(lines.length, 4);
  assert.equal(lines[3], '');
  assert.match(lines[1]!, /^2024-03-10T10:05:00\.000Z,r1,200,openai-chat,gpt-4o,/);
  assert.ok(lines[1]!.includes(',dropped: logprobs; x'));
  assert.ok(lines[2]!.includes(",'=cmd|calc,"));
  assert.equal(lines[1]!.split(',').length, CSV_HEADERS.length);
});

test('toJsonLines: one parsable object a line, as given', () => {
  const text = toJsonLines([base, { ...base, id: 'r2' }]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.deepEqual(JSON.parse(lines[0]!), base);
  assert.equal(toJsonLines([]), '');
});

test('file names carry the local time', () => {
  assert.equal(exportFileName(new Date(2024, 2, 9, 8, 7, 6), 'jsonl'), 'omniroute-logs-20240309-080706.jsonl');
});
