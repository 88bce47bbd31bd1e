import { test } from 'node:test';
import assert from 'node:assert/strict';
import { externalUrlToOpen, isAllowedNavigation, isPermissionGranted, secureWebPreferences } from './window-policy.js';

const RENDERER = 'file:///app/resources/app.asar/dist/renderer/index.html';

test('web preferences isolate and sandbox the dashboard', () => {
  const prefs = secureWebPreferences('/app/dist/preload/preload.cjs');
  assert.equal(prefs.preload, '/app/dist/preload/preload.cjs');
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
});

test('navigation stays on the dashboard document', () => {
  assert.equal(isAllowedNavigation(RENDERER, RENDERER), true);
  assert.equal(isAllowedNavigation(RENDERER + '#/logs', RENDERER), true);
  for (const url of [
    'https://evil.example/',
    'http://127.0.0.1:20128/',
    'file:///etc/passwd',
    'file:///app/resources/app.asar/dist/renderer/other.html',
    RENDERER + '?x=1',
    'javascript:alert(1)',
    'garbage',
  ]) {
    assert.equal(isAllowedNavigation(url, RENDERER), false, url);
  }
});

test('only plain https links leave for the system browser', () => {
  assert.equal(externalUrlToOpen('https://platform.openai.com/api-keys'), 'https://platform.openai.com/api-keys');
  for (const url of ['http://example.com', 'file:///bin/sh', 'smb://host/share', 'javascript:1', 'https://u:p@x.com', 'nope']) {
    assert.equal(externalUrlToOpen(url), null, url);
  }
});

test('the dashboard may write the clipboard and nothing else', () => {
  assert.equal(isPermissionGranted('clipboard-sanitized-write'), true);
  for (const p of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'hid']) {
    assert.equal(isPermissionGranted(p), false, p);
  }
});
