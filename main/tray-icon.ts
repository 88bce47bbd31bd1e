/**
 * Draws the tray icon for a level as a PNG: a filled dot in the level's colour inside a ring.
 * Generated, so no image assets have to be found inside the asar at run time.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { TrayLevel } from './tray-model.js';

const COLOURS: Record<TrayLevel, readonly [number, number, number]> = {
  ok: [34, 197, 94],
  busy: [234, 179, 8],
  off: [148, 163, 184],
  error: [239, 68, 68],
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A size x size RGBA PNG. */
export function renderTrayIcon(level: TrayLevel, size = 32): Buffer {
  const [r, g, b] = COLOURS[level];
  const centre = size / 2;
  const outer = size / 2 - 1;
  const inner = outer * 0.62;
  // Each row starts with a filter-type byte (0 = none), as PNG requires.
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const disc = coverage(outer - d);
      const dot = coverage(inner - d);
      const ring = coverage(d - (outer - 2));
      const alpha = Math.max(dot, disc * ring);
      const o = row + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round(alpha * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One pixel of anti-aliasing: 0 outside, 1 inside, linear across the edge. */
function coverage(distanceInside: number): number {
  return Math.min(1, Math.max(0, distanceInside + 0.5));
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}
