import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasHiddenArg, HIDDEN_ARG, startsHidden } from './launch-hidden.js';

const EXE = '/opt/OmniRoute/omniroute-desktop';

test('a plain start shows the window', () => {
  assert.equal(startsHidden({ argv: [EXE], startMinimized: false }), false);
  assert.equal(startsHidden({ argv: [EXE, '--some-switch'], loginItem: { wasOpenedAtLogin: false, wasOpenedAsHidden: false }, startMinimized: false }), false);
});

test('a start by the login item goes to the tray: --hidden (Windows, Linux) or macOS saying so', () => {
  assert.equal(HIDDEN_ARG, '--hidden');
  assert.equal(startsHidden({ argv: [EXE, '--hidden'], startMinimized: false }), true);
  assert.equal(startsHidden({ argv: [EXE], loginItem: { wasOpenedAtLogin: true }, startMinimized: false }), true);
  assert.equal(startsHidden({ argv: [EXE], loginItem: { wasOpenedAtLogin: false, wasOpenedAsHidden: true }, startMinimized: false }), true);
});

test('the "start minimised" preference hides every start', () => {
  assert.equal(startsHidden({ argv: [EXE], startMinimized: true }), true);
  assert.equal(startsHidden({ argv: [EXE, '--hidden'], loginItem: { wasOpenedAtLogin: true }, startMinimized: true }), true);
});

test('only the exact switch counts, and not after --', () => {
  for (const argv of [[EXE, '--hidden=false'], [EXE, '--hide'], [EXE, 'hidden'], [EXE, '--', '--hidden'], ['/home/u/--hidden']]) {
    assert.equal(hasHiddenArg(argv), false, argv.join(' '));
    assert.equal(startsHidden({ argv, startMinimized: false }), false, argv.join(' '));
  }
  assert.equal(hasHiddenArg([EXE, '--no-sandbox', '--hidden', '--', 'file']), true);
});
