import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemorySettings, DEFAULT_SETTINGS, DEFAULT_WINDOW_SIZE, initialWindowBounds, readSetting, type WindowBounds } from './app-settings.js';

const screen = { x: 0, y: 0, width: 1920, height: 1040 };
const second = { x: 1920, y: 0, width: 1280, height: 1000 };

test('settings round-trip and default when unset', () => {
  const s = createMemorySettings();
  assert.equal(s.get('startMinimized'), false);
  assert.equal(s.get('windowBounds'), null);
  const bounds: WindowBounds = { x: 10, y: 20, width: 900, height: 700, maximized: true };
  s.set('windowBounds', bounds);
  s.set('checkForUpdates', true);
  assert.deepEqual(s.get('windowBounds'), bounds);
  assert.equal(s.get('checkForUpdates'), true);
  assert.equal(createMemorySettings().get('checkForUpdates'), false, 'update checks reach the internet: off until the user turns them on');
});

test('notification switches are read one by one: a missing or malformed one takes its default', () => {
  const s = createMemorySettings({ notifications: { breaker: false, exposed: 'no', unknownKind: true } });
  const read = s.get('notifications');
  assert.equal(read.breaker, false);
  assert.equal(read.exposed, true);
  assert.equal(read.quotaThreshold, true);
  assert.equal('unknownKind' in read, false);
  assert.deepEqual(readSetting('notifications', 'garbage'), DEFAULT_SETTINGS.notifications);
});

test('malformed stored values fall back to the defaults', () => {
  const s = createMemorySettings({ startMinimized: 'yes', windowBounds: { x: 1, y: 2, width: -5, height: 9, maximized: false } });
  assert.equal(s.get('startMinimized'), false);
  assert.equal(s.get('windowBounds'), null);
  assert.equal(readSetting('windowBounds', { x: 0, y: 0, width: 800.5, height: 600, maximized: false }), null);
  assert.equal(readSetting('checkForUpdates', true), true);
});

test('no saved bounds: default size, position left to the OS', () => {
  assert.deepEqual(initialWindowBounds(null, [screen]), { ...DEFAULT_WINDOW_SIZE });
});

test('saved bounds on a connected display are kept, clamped to it', () => {
  const saved = { x: 2000, y: 50, width: 1000, height: 800, maximized: false };
  assert.deepEqual(initialWindowBounds(saved, [screen, second]), { x: 2000, y: 50, width: 1000, height: 800 });
  const huge = { x: 0, y: 0, width: 4000, height: 3000, maximized: false };
  assert.deepEqual(initialWindowBounds(huge, [screen]), { x: 0, y: 0, width: 1920, height: 1040 });
});

test('bounds on an unplugged display lose their position', () => {
  const saved = { x: 2000, y: 50, width: 1000, height: 800, maximized: false };
  assert.deepEqual(initialWindowBounds(saved, [screen]), { width: 1000, height: 760 });
  // Only a sliver of the title bar is visible: not enough to grab it.
  const sliver = { x: 1900, y: 100, width: 800, height: 600, maximized: false };
  assert.equal(initialWindowBounds(sliver, [screen]).x, undefined);
  const aboveTop = { x: 100, y: -300, width: 800, height: 600, maximized: false };
  assert.equal(initialWindowBounds(aboveTop, [screen]).x, undefined);
});
