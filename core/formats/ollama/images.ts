import type { ImagePart } from '../canonical.js';

/**
 * Ollama carries images as bare base64 strings (no data: prefix, no media type), in a
 * message's `images` list. The canonical model needs a media type, so it is read from the
 * file's magic bytes, which survive in the first base64 characters.
 */

const SIGNATURES: ReadonlyArray<[prefix: string, mediaType: string]> = [
  ['iVBORw0KGgo', 'image/png'],
  ['/9j/', 'image/jpeg'],
  ['R0lGOD', 'image/gif'],
  ['UklGR', 'image/webp'],
  ['Qk', 'image/bmp'],
];

/** The media type of base64 image data; PNG when the bytes say nothing known. */
export function sniffImageType(base64: string): string {
  for (const [prefix, mediaType] of SIGNATURES) if (base64.startsWith(prefix)) return mediaType;
  return 'image/png';
}

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

/** One entry of `images`: bare base64, or (liberally) a base64 data: URL. */
export function decodeImage(raw: string): ImagePart {
  const dataUrl = DATA_URL.exec(raw);
  if (dataUrl?.[1] !== undefined && dataUrl[2] !== undefined) {
    return { type: 'image', source: { kind: 'base64', mediaType: dataUrl[1], data: dataUrl[2] } };
  }
  return { type: 'image', source: { kind: 'base64', mediaType: sniffImageType(raw), data: raw } };
}

/** The base64 Ollama takes for an image, or undefined for a remote URL (Ollama fetches nothing). */
export function encodeImage(part: ImagePart): string | undefined {
  if (part.source.kind === 'base64') return part.source.data;
  const dataUrl = DATA_URL.exec(part.source.url);
  return dataUrl?.[2];
}
