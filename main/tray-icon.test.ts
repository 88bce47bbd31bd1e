import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, inflateSync } from 'node:zlib';
import { renderAppIcon, renderTrayIcon } from './tray-icon.js';
import {
  TRAY_ICON_SCALES,
  TRAY_ICON_SIZE,
  trayIconDir,
  trayIconFileName,
  trayIconPath,
  trayIconVariant,
  type TrayIconScale,
} from './tray-icon-files.js';
import { TRAY_ICON_VARIANTS, TRAY_LEVELS, type TrayIconVariant, type TrayLevel } from './tray-level.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = trayIconDir(ROOT);

interface Image {
  width: number;
  height: number;
  /** Straight-alpha RGBA, row by row. */
  pixels: Buffer;
}

/**
 * Decodes the PNGs this repository writes: 8-bit RGBA, not interlaced, every row unfiltered
 * (filter byte 0), which is all main/tray-icon.ts produces; anything else fails the test.
 */
function decodePng(png: Buffer): Image {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  let offset = 8;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    const type = typeAndData.subarray(0, 4).toString('ascii');
    assert.equal(png.readUInt32BE(offset + 8 + length), crc32(typeAndData), `${type} chunk CRC`);
    const body = typeAndData.subarray(4);
    if (type === 'IHDR') header = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  assert.ok(header, 'has an IHDR chunk');
  assert.ok(ended, 'ends with IEND');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  assert.deepEqual([...header.subarray(8, 13)], [8, 6, 0, 0, 0], '8-bit RGBA, deflate, standard filters, not interlaced');
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  assert.equal(raw.length, height * (stride + 1), 'one filter byte and one row of pixels per line');
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    assert.equal(raw[row], 0, `row ${y} is unfiltered`);
    raw.copy(pixels, y * stride, row + 1, row + 1 + stride);
  }
  return { width, height, pixels };
}

function readIcon(level: TrayLevel, variant: TrayIconVariant, scale: TrayIconScale): Image {
  return decodePng(readFileSync(join(DIR, trayIconFileName(level, variant, scale))));
}

function alphaOf(image: Image): number[] {
  const alpha: number[] = [];
  for (let i = 3; i < image.pixels.length; i += 4) alpha.push(image.pixels[i] ?? 0);
  return alpha;
}

function rgbAt(image: Image, pixel: number): [number, number, number] {
  const p = image.pixels;
  return [p[pixel * 4] ?? 0, p[pixel * 4 + 1] ?? 0, p[pixel * 4 + 2] ?? 0];
}

/** WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white). */
function luminance([r, g, b]: readonly [number, number, number]): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const OPAQUE = 250;
const WHITE_BAR = [255, 255, 255] as const;
const DARK_BAR = [32, 32, 32] as const;

/**
 * The outline every level shares: pixels with at least minAlpha in every level's template.
 * Found from the files rather than from the drawing's geometry, so it is whatever the glyphs
 * have in common.
 */
function commonOutline(scale: TrayIconScale, minAlpha: number): Set<number> {
  const masks = TRAY_LEVELS.map((level) => alphaOf(readIcon(level, 'template', scale)));
  const outline = new Set<number>();
  masks[0]?.forEach((_, i) => {
    if (masks.every((mask) => (mask[i] ?? 0) >= minAlpha)) outline.add(i);
  });
  return outline;
}

test('every level, variant and scale is in resources/tray at its size, as the renderer draws it now', () => {
  for (const level of TRAY_LEVELS) {
    for (const variant of TRAY_ICON_VARIANTS) {
      for (const scale of TRAY_ICON_SCALES) {
        const name = trayIconFileName(level, variant, scale);
        assert.ok(existsSync(join(DIR, name)), `${name} exists (run node --import tsx scripts/render-icon.ts)`);
        const stored = readIcon(level, variant, scale);
        const size = TRAY_ICON_SIZE * scale;
        assert.deepEqual([stored.width, stored.height], [size, size], `${name} is ${size}x${size}`);
        // Pixels, not file bytes: zlib builds may compress the same pixels differently.
        const drawn = decodePng(renderTrayIcon(level, variant, size));
        assert.ok(stored.pixels.equals(drawn.pixels), `${name} is stale: run node --import tsx scripts/render-icon.ts`);
      }
    }
  }
});

test('resources/tray holds no files other than the current icons', () => {
  const expected = new Set<string>();
  for (const level of TRAY_LEVELS) {
    for (const variant of TRAY_ICON_VARIANTS) {
      for (const scale of TRAY_ICON_SCALES) expected.add(trayIconFileName(level, variant, scale));
    }
  }
  assert.deepEqual(readdirSync(DIR).sort(), [...expected].sort());
});

test('template icons are black with alpha only, as macOS requires to tint them', () => {
  for (const level of TRAY_LEVELS) {
    for (const scale of TRAY_ICON_SCALES) {
      const image = readIcon(level, 'template', scale);
      const coloured = image.pixels.findIndex((value, i) => i % 4 !== 3 && value !== 0);
      assert.equal(coloured, -1, `${trayIconFileName(level, 'template', scale)} has a non-black channel at byte ${coloured}`);
      assert.ok(alphaOf(image).some((a) => a >= OPAQUE), 'and draws something');
    }
  }
});

test('the outline is dark in the light variant and light in the dark variant', () => {
  for (const scale of TRAY_ICON_SCALES) {
    const outline = commonOutline(scale, OPAQUE);
    const size = TRAY_ICON_SIZE * scale;
    // The ring, a 1.5-unit stroke: under half its pixels are opaque at 16 px.
    assert.ok(outline.size >= size, `the levels share an outline of ${outline.size} opaque pixels at ${size} px`);
    for (const level of TRAY_LEVELS) {
      const mean = (variant: TrayIconVariant) => {
        const image = readIcon(level, variant, scale);
        let sum = 0;
        for (const i of outline) sum += luminance(rgbAt(image, i));
        return sum / outline.size;
      };
      assert.ok(mean('light') < 0.1, `${level} light @${scale}x: outline luminance ${mean('light').toFixed(3)} is dark`);
      assert.ok(mean('dark') > 0.6, `${level} dark @${scale}x: outline luminance ${mean('dark').toFixed(3)} is light`);
    }
  }
});

test("each level's sign shows against its bar: at least 3:1 contrast with a white and a near-black bar", () => {
  for (const scale of TRAY_ICON_SCALES) {
    // Every pixel the ring touches at all, so its antialiased edge is not taken for a sign.
    const outline = commonOutline(scale, 1);
    for (const level of TRAY_LEVELS) {
      for (const [variant, bar] of [['light', WHITE_BAR], ['dark', DARK_BAR]] as const) {
        const image = readIcon(level, variant, scale);
        // At least half covered: the 2-unit dots are opaque only at their centres at 32 px.
        const sign = alphaOf(image).flatMap((a, i) => (a >= 128 && !outline.has(i) ? [i] : []));
        assert.ok(sign.length >= 8 * scale * scale, `${level} ${variant} @${scale}x draws a sign inside the ring`);
        for (const i of sign) {
          const ratio = contrast(rgbAt(image, i), bar);
          assert.ok(ratio >= 3, `${level} ${variant} @${scale}x: sign pixel ${i} has contrast ${ratio.toFixed(2)}`);
        }
      }
    }
  }
});

test('every two levels differ by shape: the signs in their template alpha masks barely overlap', () => {
  for (const scale of TRAY_ICON_SCALES) {
    const masks = TRAY_LEVELS.map((level) => alphaOf(readIcon(level, 'template', scale)));
    // Take away what all levels share (the ring), so a small sign is not lost beside it.
    const shared = (masks[0] ?? []).map((_, p) => Math.min(...masks.map((mask) => mask[p] ?? 0)));
    const signs = masks.map((mask) => mask.map((alpha, p) => (alpha - (shared[p] ?? 0)) / 255));
    TRAY_LEVELS.forEach((a, i) => {
      TRAY_LEVELS.forEach((b, j) => {
        if (j <= i) return;
        const signA = signs[i] ?? [];
        const signB = signs[j] ?? [];
        let differing = 0;
        let union = 0;
        signA.forEach((coverage, p) => {
          differing += Math.abs(coverage - (signB[p] ?? 0));
          union += Math.max(coverage, signB[p] ?? 0);
        });
        // Most of the two signs' ink lies in one of them only (the closest pair, full and
        // paused, about 73 %), and it is more than one dot's worth of pixels.
        const share = differing / union;
        assert.ok(share >= 0.5, `${a} and ${b} @${scale}x: only ${(share * 100).toFixed(0)} % of their signs differ`);
        assert.ok(differing >= 12 * scale * scale, `${a} and ${b} @${scale}x differ by only ${differing.toFixed(1)} pixels`);
      });
    });
  }
});

test('the app icon resources/icon.png is 512x512, colourful, and as the renderer draws it now', () => {
  const stored = decodePng(readFileSync(join(ROOT, 'resources', 'icon.png')));
  assert.deepEqual([stored.width, stored.height], [512, 512]);
  assert.ok(stored.pixels.equals(decodePng(renderAppIcon(512)).pixels), 'icon.png is stale: run node --import tsx scripts/render-icon.ts');
  const saturated = alphaOf(stored).filter((a, i) => {
    const [r, g, b] = rgbAt(stored, i);
    return a >= OPAQUE && Math.max(r, g, b) - Math.min(r, g, b) > 100;
  });
  assert.ok(saturated.length > 512 * 512 * 0.1, 'a tenth of it is strongly coloured');
});

test('file names: template images end in Template, the 2x file adds @2x before .png', () => {
  assert.equal(trayIconFileName('full', 'light'), 'full-light.png');
  assert.equal(trayIconFileName('low', 'dark', 2), 'low-dark@2x.png');
  assert.equal(trayIconFileName('exhausted', 'template'), 'exhaustedTemplate.png');
  assert.equal(trayIconFileName('error', 'template', 2), 'errorTemplate@2x.png');
  const names = TRAY_LEVELS.flatMap((level) => TRAY_ICON_VARIANTS.map((variant) => trayIconFileName(level, variant)));
  assert.equal(new Set(names).size, names.length, 'every level and variant has its own file');
  assert.equal(trayIconPath('/app', 'paused', 'dark'), join('/app', 'resources', 'tray', 'paused-dark.png'));
});

test('macOS always gets the template image; other platforms get the variant for their bar', () => {
  assert.equal(trayIconVariant('darwin', false), 'template');
  assert.equal(trayIconVariant('darwin', true), 'template');
  assert.equal(trayIconVariant('win32', false), 'light');
  assert.equal(trayIconVariant('win32', true), 'dark');
  assert.equal(trayIconVariant('linux', true), 'dark');
  assert.equal(trayIconVariant('linux', false), 'light');
});
