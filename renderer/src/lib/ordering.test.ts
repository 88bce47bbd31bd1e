import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moveItem, renumber } from './priorities.js';
import { clientSetups } from './client-setup.js';
import { dateFromExpiry, expiryFromDate, parseScopes } from './key-form.js';
import { JsonText, isLoopbackHost, toUpdate } from './settings-draft.js';

test('moving an item keeps the others in order; out-of-range moves change nothing', () => {
  assert.deepEqual(moveItem(['a', 'b', 'c'], 2, 0), ['c', 'a', 'b']);
  assert.deepEqual(moveItem(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveItem(['a', 'b'], 0, 5), ['a', 'b']);
});

test('priorities are renumbered 10, 20, 30 and only changed ones are written', () => {
  assert.deepEqual(
    renumber([
      { id: 'x', priority: 10 },
      { id: 'y', priority: 0 },
      { id: 'z', priority: 30 },
    ]),
    [{ id: 'y', priority: 20 }],
  );
});

test('client set-up lines carry the endpoint, key and model, quoted for the shell when needed', () => {
  const [claude, codex, gemini] = clientSetups({ endpoint: 'http://127.0.0.1:20128/', key: 'omr_abc-123', model: 'team' });
  assert.equal(claude?.blocks[0]?.text, 'ANTHROPIC_BASE_URL=http://127.0.0.1:20128 ANTHROPIC_AUTH_TOKEN=omr_abc-123 ANTHROPIC_MODEL=team claude');
  assert.match(codex?.blocks[0]?.text ?? '', /^model = "team"$/m);
  assert.match(codex?.blocks[0]?.text ?? '', /^base_url = "http:\/\/127\.0\.0\.1:20128\/v1"$/m);
  assert.equal(codex?.blocks[1]?.text, 'OMNIROUTE_API_KEY=omr_abc-123 codex');
  assert.equal(gemini?.blocks[0]?.text, 'GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:20128 GEMINI_API_KEY=omr_abc-123 gemini -m team');
  const odd = clientSetups({ endpoint: 'http://h', key: "<your key>", model: "it's" })[0]?.blocks[0]?.text ?? '';
  assert.ok(odd.includes(`ANTHROPIC_AUTH_TOKEN='<your key>'`) && odd.includes(`ANTHROPIC_MODEL='it'"'"'s'`), odd);
});

test('key form helpers: scopes split on commas and lines, expiry is the end of the chosen local day', () => {
  assert.deepEqual(parseScopes('openai/*, team\n team  '), ['openai/*', 'team']);
  assert.equal(expiryFromDate(''), null);
  const ms = expiryFromDate('2030-05-17');
  assert.ok(ms !== null);
  assert.equal(new Date(ms).getHours(), 23);
  assert.equal(dateFromExpiry(ms), '2030-05-17');
});

test('settings: loopback hosts, emptied fields reset, JSON must parse before saving', () => {
  for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '192.168.1.4', '::', 'example.com']) assert.equal(isLoopbackHost(h), false, h);
  assert.deepEqual(toUpdate(new Map<never, unknown>([['routing.systemPrompt' as never, ''], ['routing.maxAttempts' as never, 3]])), {
    ok: true,
    values: { 'routing.systemPrompt': null, 'routing.maxAttempts': 3 },
  });
  assert.deepEqual(toUpdate(new Map<never, unknown>([['limits' as never, new JsonText('[{"provider":"openai"}]')]])), { ok: true, values: { limits: [{ provider: 'openai' }] } });
  assert.deepEqual(toUpdate(new Map<never, unknown>([['limits' as never, new JsonText('[{')]])), { ok: false, invalid: ['limits'] });
});
