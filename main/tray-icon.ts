/**
 * Draws the tray icon for a level and menu-bar variant, and the application icon, as RGBA
 * PNGs. Pure: scripts/render-icon.ts writes the results to resources/, and the tests check
 * those files against this code.
 *
 * Every glyph is a gauge ring with a sign inside, and the levels differ by the sign's shape,
 * not only its colour: colour-blind users, and macOS template images (black and alpha only,
 * tinted by the OS), must still tell them apart.
 *
 * Shapes are signed-distance functions (negative inside) on a 16-unit design grid, so the
 * 16 px icon is laid out on whole pixels where it matters (bars, dots) and the 32 px icon is
 * the same drawing doubled. A pixel's coverage is its centre's distance to the edge, which
 * antialiases every edge by one pixel without supersampling.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { TrayIconVariant, TrayLevel } from './tray-level.js';

type Rgb = readonly [number, number, number];

/** Signed distance from (x, y) to a shape's edge, in design units: negative inside. */
type Sdf = (x: number, y: number) => number;

/** One shape of a drawing in one colour; drawings stack their layers in order. */
interface Layer {
  shape: Sdf;
  colour: Rgb;
}

/** The ring's colour (contrasting with the menu bar) and the level's sign colour. */
interface Palette {
  outline: Rgb;
  sign: Rgb;
}

const GRID = 16;
const CENTRE = GRID / 2;
/** The ring's middle radius and stroke: a 1.5 px line at 16 px, inside a 0.75 px margin. */
const RING_RADIUS = 6.5;
const RING_WIDTH = 1.5;

const BLACK: Rgb = [0, 0, 0];
// Tailwind's slate-800 and slate-200: the ring for a light and for a dark menu bar.
const OUTLINE: Record<Exclude<TrayIconVariant, 'template'>, Rgb> = {
  light: [30, 41, 59],
  dark: [226, 232, 240],
};
// Each level's sign colour per bar: the 600 shades keep 3:1 contrast against a white bar,
// the 400 shades against a near-black one.
const SIGN: Record<Exclude<TrayIconVariant, 'template'>, Record<TrayLevel, Rgb>> = {
  light: {
    full: [22, 163, 74],
    low: [217, 119, 6],
    exhausted: [220, 38, 38],
    paused: [100, 116, 139],
    starting: [37, 99, 235],
    error: [220, 38, 38],
  },
  dark: {
    full: [74, 222, 128],
    low: [251, 191, 36],
    exhausted: [248, 113, 113],
    paused: [148, 163, 184],
    starting: [96, 165, 250],
    error: [248, 113, 113],
  },
};

/** A size x size RGBA PNG of the tray icon (16 for 1x, 32 for 2x). */
export function renderTrayIcon(level: TrayLevel, variant: TrayIconVariant, size: number): Buffer {
  const palette: Palette =
    variant === 'template' ? { outline: BLACK, sign: BLACK } : { outline: OUTLINE[variant], sign: SIGN[variant][level] };
  return encodePng(size, rasterize(size, glyph(level, palette, GRID / size)));
}

/**
 * The application icon: the full-level gauge on a light rounded-square plate, so its dark
 * ring shows on dark docks and taskbars too. The plate follows macOS's icon grid (824 of
 * 1024 units wide, corner radius 185).
 */
export function renderAppIcon(size: number): Buffer {
  const half = (GRID * 824) / 1024 / 2;
  const plate: Layer = { shape: roundedRect(CENTRE, CENTRE, half, half, (GRID * 185) / 1024), colour: [248, 250, 252] };
  const gaugeScale = 0.6;
  // Green-500: an app icon sits on no menu bar, so it takes the brightest green that still
  // reads on the light plate.
  const gauge = glyph('full', { outline: OUTLINE.light, sign: [34, 197, 94] }, GRID / size / gaugeScale);
  const scaled = gauge.map((layer): Layer => ({ ...layer, shape: scaledAboutCentre(layer.shape, gaugeScale) }));
  return encodePng(size, rasterize(size, [plate, ...scaled]));
}

/** The level's sign drawn first, then the ring over it, so the sign's ends tuck under the ring. */
function glyph(level: TrayLevel, palette: Palette, unitsPerPixel: number): Layer[] {
  const ring: Layer = { shape: annulus(CENTRE, CENTRE, RING_RADIUS, RING_WIDTH), colour: palette.outline };
  return [...sign(level, unitsPerPixel).map((shape): Layer => ({ shape, colour: palette.sign })), ring];
}

function sign(level: TrayLevel, unitsPerPixel: number): Sdf[] {
  switch (level) {
    case 'full':
      return [disc(CENTRE, CENTRE, RING_RADIUS)];
    case 'low':
      // The gauge's remaining fifth, from twelve o'clock clockwise.
      return [pie(CENTRE, CENTRE, RING_RADIUS, 0, 72)];
    case 'exhausted': {
      // A "no entry" slash from top left to bottom right; it ends at the ring's inner edge so
      // its round caps stay under the ring instead of poking out of it.
      const reach = (RING_RADIUS - RING_WIDTH / 2) * Math.SQRT1_2;
      return [segment(CENTRE - reach, CENTRE - reach, CENTRE + reach, CENTRE + reach, 1)];
    }
    case 'paused':
      // Two 2-unit bars with a 2-unit gap, on whole pixels at 16 px.
      return [roundedRect(6, CENTRE, 1, 3.5, 0.5), roundedRect(10, CENTRE, 1, 3.5, 0.5)];
    case 'starting':
      // An ellipsis: three 2-unit dots with 1-unit gaps, on whole pixels at 16 px.
      return [dot(5, CENTRE, unitsPerPixel), dot(CENTRE, CENTRE, unitsPerPixel), dot(11, CENTRE, unitsPerPixel)];
    case 'error':
      // A 2-unit stroke from 3 to 8 and a dot from 10 to 12: two clear pixel rows between
      // them at 16 px, where a thinner gap blurs the mark into a line.
      return [segment(CENTRE, 4, CENTRE, 7, 1), dot(CENTRE, 11, unitsPerPixel)];
  }
}

// --- Signed-distance primitives (design units; angles in degrees clockwise from twelve o'clock).

function disc(cx: number, cy: number, radius: number): Sdf {
  return (x, y) => Math.hypot(x - cx, y - cy) - radius;
}

/**
 * A 2-unit dot: a disc, except at 16 px (a unit per pixel or more), where a disc that size
 * covers only 79 % of each of its 2x2 pixels and reads grey; there it is a rounded square,
 * which fills them.
 */
function dot(cx: number, cy: number, unitsPerPixel: number): Sdf {
  return unitsPerPixel >= 1 ? roundedRect(cx, cy, 1, 1, 0.5) : disc(cx, cy, 1);
}

/** A ring whose stroke of the given width is centred on radius. */
function annulus(cx: number, cy: number, radius: number, width: number): Sdf {
  return (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - radius) - width / 2;
}

/** A pie wedge (circular sector) starting at `from` and sweeping `sweep` degrees clockwise (sweep <= 180). */
function pie(cx: number, cy: number, radius: number, from: number, sweep: number): Sdf {
  // Turn the point into a frame whose +v axis is the wedge's bisector, then use the
  // sector's mirror symmetry about it (after Inigo Quilez's sdPie).
  const bisector = ((from + sweep / 2) * Math.PI) / 180;
  const half = ((sweep / 2) * Math.PI) / 180;
  const sinB = Math.sin(bisector);
  const cosB = Math.cos(bisector);
  const edgeU = Math.sin(half);
  const edgeV = Math.cos(half);
  return (x, y) => {
    const px = x - cx;
    const py = cy - y; // up is positive, so clockwise angles match the screen
    const u = Math.abs(px * cosB - py * sinB);
    const v = px * sinB + py * cosB;
    const toArc = Math.hypot(u, v) - radius;
    const along = Math.min(Math.max(u * edgeU + v * edgeV, 0), radius);
    const toEdge = Math.hypot(u - edgeU * along, v - edgeV * along);
    const outsideEdge = edgeV * u - edgeU * v > 0;
    return Math.max(toArc, outsideEdge ? toEdge : -toEdge);
  };
}

/** A rectangle centred on (cx, cy) with half extents hw, hh and corner radius r. */
function roundedRect(cx: number, cy: number, hw: number, hh: number, r: number): Sdf {
  return (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

/** A line from (ax, ay) to (bx, by) with round caps, halfWidth either side. */
function segment(ax: number, ay: number, bx: number, by: number, halfWidth: number): Sdf {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  return (x, y) => {
    const t = Math.min(Math.max(((x - ax) * dx + (y - ay) * dy) / lengthSquared, 0), 1);
    return Math.hypot(x - ax - dx * t, y - ay - dy * t) - halfWidth;
  };
}

function scaledAboutCentre(shape: Sdf, factor: number): Sdf {
  return (x, y) => shape((x - CENTRE) / factor + CENTRE, (y - CENTRE) / factor + CENTRE) * factor;
}

// --- Rasterizing and PNG encoding.

/**
 * Straight-alpha RGBA pixels, row by row: the layers composited in order ("over"), each at
 * its coverage of the pixel's centre.
 */
function rasterize(size: number, layers: Layer[]): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const unitsPerPixel = GRID / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const gx = (x + 0.5) * unitsPerPixel;
      const gy = (y + 0.5) * unitsPerPixel;
      // Premultiplied accumulation, so partly covered edges blend without dark fringes.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const layer of layers) {
        const coverage = Math.min(1, Math.max(0, 0.5 - layer.shape(gx, gy) / unitsPerPixel));
        if (coverage === 0) continue;
        const [lr, lg, lb] = layer.colour;
        r = lr * coverage + r * (1 - coverage);
        g = lg * coverage + g * (1 - coverage);
        b = lb * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        pixels[o] = Math.round(r / a);
        pixels[o + 1] = Math.round(g / a);
        pixels[o + 2] = Math.round(b / a);
        pixels[o + 3] = Math.round(a * 255);
      }
    }
  }
  return pixels;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function encodePng(size: number, pixels: Uint8Array): Buffer {
  // Each row starts with a filter-type byte (0 = none), as PNG requires.
  const stride = size * 4;
  const raw = Buffer.alloc(size * (stride + 1));
  for (let y = 0; y < size; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}
