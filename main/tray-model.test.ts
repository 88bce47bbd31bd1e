import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, inflateSync } from 'node:zlib';
import type { GatewayStatus } from '../core/control/contract.js';
import { renderTrayIcon } from './tray-icon.js';
import { buildTrayModel, type TrayMenuItem } from './tray-model.js';

const status: GatewayStatus = {
  version: '0.1.0',
  listening: { host: '127.0.0.1', port: 20128, url: 'http://127.0.0.1:20128' },
  providerCount: 3,
  connectionCount: 1,
  uptimeMs: 5000,
};

function action(menu: TrayMenuItem[], name: string) {
  const item = menu.find((i) => i.type === 'action' && i.action === name);
  return item && item.type === 'action' ? item : undefined;
}

test('running: status line names the URL and counts; pause and copy are on', () => {
  const m = buildTrayModel({ kind: 'running', status });
  assert.equal(m.level, 'ok');
  assert.equal(m.statusLine, 'Running on http://127.0.0.1:20128 · 3 providers, 1 connection');
  assert.equal(m.tooltip, `OmniRoute: ${m.statusLine}`);
  assert.deepEqual(m.menu[0], { type: 'status', label: m.statusLine });
  assert.equal(action(m.menu, 'copy-url')?.enabled, true);
  assert.equal(action(m.menu, 'pause')?.enabled, true);
  assert.equal(action(m.menu, 'resume'), undefined);
  assert.equal(action(m.menu, 'open-dashboard')?.enabled, true);
  assert.equal(action(m.menu, 'open-in-browser')?.enabled, true);
  assert.equal(action(m.menu, 'quit')?.label, 'Quit OmniRoute');
});

test('paused and failed offer resume; starting offers nothing to toggle', () => {
  const paused = buildTrayModel({ kind: 'paused' });
  assert.equal(paused.level, 'off');
  assert.equal(paused.statusLine, 'Paused');
  assert.equal(action(paused.menu, 'resume')?.enabled, true);
  assert.equal(action(paused.menu, 'pause'), undefined);
  assert.equal(action(paused.menu, 'copy-url')?.enabled, false);
  assert.equal(action(paused.menu, 'open-in-browser')?.enabled, false, 'no link to a gateway that does not listen');

  const failed = buildTrayModel({ kind: 'failed', message: 'port 20128 is in use' });
  assert.equal(failed.level, 'error');
  assert.equal(failed.statusLine, 'Not running: port 20128 is in use');
  assert.equal(action(failed.menu, 'resume')?.enabled, true);

  const starting = buildTrayModel({ kind: 'starting' });
  assert.equal(starting.level, 'busy');
  assert.equal(action(starting.menu, 'pause')?.enabled, false);
  assert.equal(action(starting.menu, 'copy-url')?.enabled, false);
});

test('a running gateway that is not listening is an error', () => {
  const m = buildTrayModel({ kind: 'running', status: { ...status, listening: null } });
  assert.equal(m.level, 'error');
  assert.equal(m.statusLine, 'Not listening');
  assert.equal(action(m.menu, 'copy-url')?.enabled, false);
});

test('tooltips fit the Windows limit', () => {
  const m = buildTrayModel({ kind: 'failed', message: 'x'.repeat(300) }, 'OmniRoute Desktop');
  assert.equal([...m.tooltip].length, 127);
  assert.ok(m.tooltip.endsWith('…'));
  assert.ok(m.tooltip.startsWith('OmniRoute Desktop: Not running: '));
});

test('tray icons are valid RGBA PNGs whose centre has the level colour', () => {
  const pixelAt = (png: Buffer, x: number, y: number) => {
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = new Map<string, Buffer>();
    for (let o = 8; o < png.length; ) {
      const len = png.readUInt32BE(o);
      const type = png.toString('ascii', o + 4, o + 8);
      const data = png.subarray(o + 8, o + 8 + len);
      assert.equal(png.readUInt32BE(o + 8 + len), crc32(png.subarray(o + 4, o + 8 + len)), `${type} crc`);
      chunks.set(type, data);
      o += 12 + len;
    }
    const ihdr = chunks.get('IHDR');
    assert.ok(ihdr && chunks.has('IEND'));
    const size = ihdr.readUInt32BE(0);
    assert.equal(ihdr.readUInt32BE(4), size);
    assert.deepEqual([ihdr[8], ihdr[9]], [8, 6]);
    const raw = inflateSync(chunks.get('IDAT') ?? Buffer.alloc(0));
    assert.equal(raw.length, size * (size * 4 + 1));
    const o = y * (size * 4 + 1) + 1 + x * 4;
    return [...raw.subarray(o, o + 4)];
  };
  const ok = renderTrayIcon('ok');
  const err = renderTrayIcon('error');
  assert.deepEqual(pixelAt(ok, 16, 16), [34, 197, 94, 255]);
  assert.deepEqual(pixelAt(err, 16, 16), [239, 68, 68, 255]);
  assert.equal(pixelAt(ok, 0, 0)[3], 0, 'corners are transparent');
  assert.equal(pixelAt(renderTrayIcon('off', 16), 8, 8)[3], 255);
});

test('an account whose key the provider refused shows in the status line, its own menu line and the icon level', () => {
  const m = buildTrayModel({ kind: 'running', status: { ...status, keyRejected: [{ provider: 'openai', label: 'work', status: 401, since: 1 }] } });
  assert.match(m.statusLine, /1 key rejected$/);
  assert.equal(m.level, 'busy');
  assert.deepEqual(m.menu[1], { type: 'status', label: 'Key rejected (401): openai/work: replace the key' });
  const clear = buildTrayModel({ kind: 'running', status: { ...status, keyRejected: [] } });
  assert.equal(clear.level, 'ok');
  assert.equal(clear.menu[1]?.type, 'separator');
});
