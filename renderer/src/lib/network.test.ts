import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editableUrl, hasMaskedPassword, scopedRows } from './network.js';
import type { NetworkView } from './views.js';

const view: NetworkView = {
  global: null,
  providers: { openai: 'http://127.0.0.1:8080', gone: 'http://127.0.0.1:8081' },
  connections: { c1: 'socks5://alice:***@127.0.0.1:1080' },
  noProxy: '',
  environment: { proxy: null, noProxy: null },
};

test('rows carry names, provider first, and a deleted target keeps its id', () => {
  const rows = scopedRows(view, [{ id: 'openai', name: 'OpenAI' }], [{ id: 'c1', provider: 'openai', label: 'work' }]);
  assert.deepEqual(
    rows.map((r) => [r.kind, r.id, r.name, r.detail]),
    [
      ['provider', 'gone', null, null],
      ['provider', 'openai', 'OpenAI', null],
      ['connection', 'c1', 'work', 'OpenAI'],
    ],
  );
});

test('a *** password is never sent back as the password', () => {
  assert.equal(hasMaskedPassword('socks5://alice:***@127.0.0.1:1080'), true);
  assert.equal(hasMaskedPassword(' http://:***@proxy:3128'), true);
  assert.equal(hasMaskedPassword('socks5://alice:s3cret@127.0.0.1:1080'), false);
  assert.equal(hasMaskedPassword('http://alice@127.0.0.1:8080'), false);
  assert.equal(editableUrl('socks5://alice:***@127.0.0.1:1080'), '');
  assert.equal(editableUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
});
