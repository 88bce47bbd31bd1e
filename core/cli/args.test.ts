import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServeCommand } from './args.js';

test('the serve word is optional and login-link may follow either form', () => {
  assert.deepEqual(parseServeCommand(['serve', '--port', '1234']), { command: 'serve', argv: ['--port', '1234'] });
  assert.deepEqual(parseServeCommand(['--port', '1234']), { command: 'serve', argv: ['--port', '1234'] });
  assert.deepEqual(parseServeCommand([]), { command: 'serve', argv: [] });
  assert.deepEqual(parseServeCommand(['serve', 'login-link', '--port', '1']), { command: 'login-link', argv: ['--port', '1'] });
  assert.deepEqual(parseServeCommand(['login-link']), { command: 'login-link', argv: [] });
});

test('only the first word names the command: a flag value that reads "serve" stays a value', () => {
  assert.deepEqual(parseServeCommand(['--data-dir', 'serve']), { command: 'serve', argv: ['--data-dir', 'serve'] });
  assert.deepEqual(parseServeCommand(['--host', 'login-link']), { command: 'serve', argv: ['--host', 'login-link'] });
});
