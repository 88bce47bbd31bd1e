import type { ImagePart } from '../canonical.js';
import type { JsonObject } from './json-object.js';

const EXTENSION_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** fileData needs a mimeType; a URL rarely states one, so its extension is the best guess. */
function guessImageType(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext !== undefined ? EXTENSION_TYPES[ext] : undefined) ?? 'image/jpeg';
}

/** ImagePart -> inlineData (base64 and data: URLs) or fileData (any other URL). */
export function encodeImage(part: ImagePart): JsonObject {
  const source = part.source;
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (dataUrl?.[1] !== undefined && dataUrl[2] !== undefined) {
    return { inlineData: { mimeType: dataUrl[1], data: dataUrl[2] } };
  }
  return { fileData: { mimeType: guessImageType(source.url), fileUri: source.url } };
}

export function isImageType(mimeType: string): boolean {
  return mimeType.toLowerCase().startsWith('image/');
}
