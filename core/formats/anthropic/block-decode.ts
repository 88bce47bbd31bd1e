import type { CacheControl, ImagePart, TextPart } from '../canonical.js';
import {
  base64SourceSchema,
  contentSourceSchema,
  documentBlockSchema,
  imageBlockSchema,
  textBlockSchema,
  textSourceSchema,
  urlSourceSchema,
  type WireCacheControl,
} from './request-schema.js';
import { parseAt, type Parsed, type Path } from './validation.js';

/**
 * Content blocks every Anthropic message kind shares (text, image, document), decoded
 * liberally: a block the canonical model cannot carry is dropped with a warning rather
 * than refused, because the real API accepts it and the client cannot know where the
 * gateway will send it. A block the real API itself would reject (a text block without
 * text) is still an error.
 */

/** Collects the decoder's warnings (CanonicalRequest.warnings). */
export type Warnings = string[];

/** `messages[3].content[1]`: how a warning names the field it is about. */
import { fieldPath as where } from '../field-path.js';

export { where };

/** The warning for a block that was left out. */
export function dropBlock(warnings: Warnings, path: Path, type: string): void {
  warnings.push(`${where(path)}: block type '${type}' is not carried by translation and was dropped`);
}

export function cacheControlFromWire(cc: WireCacheControl): { cacheControl?: CacheControl } {
  if (cc === null || cc === undefined) return {};
  return { cacheControl: cc.ttl ? { type: 'ephemeral', ttl: cc.ttl } : { type: 'ephemeral' } };
}

export function decodeTextBlock(block: unknown, path: Path): Parsed<TextPart> {
  const parsed = parseAt(textBlockSchema, block, path);
  if (!parsed.ok) return parsed;
  return { ok: true, value: { type: 'text', text: parsed.value.text, ...cacheControlFromWire(parsed.value.cache_control) } };
}

/** An image; one whose source is neither base64 nor a URL (a Files API id) is dropped. */
export function decodeImageBlock(block: unknown, path: Path, warnings: Warnings): Parsed<ImagePart | undefined> {
  const parsed = parseAt(imageBlockSchema, block, path);
  if (!parsed.ok) return parsed;
  const { source, cache_control } = parsed.value;
  const sourcePath = [...path, 'source'];
  if (source.type === 'base64') {
    const s = parseAt(base64SourceSchema, source, sourcePath);
    if (!s.ok) return s;
    const part: ImagePart = { type: 'image', source: { kind: 'base64', mediaType: s.value.media_type, data: s.value.data } };
    return { ok: true, value: { ...part, ...cacheControlFromWire(cache_control) } };
  }
  if (source.type === 'url') {
    const s = parseAt(urlSourceSchema, source, sourcePath);
    if (!s.ok) return s;
    return { ok: true, value: { type: 'image', source: { kind: 'url', url: s.value.url }, ...cacheControlFromWire(cache_control) } };
  }
  warnings.push(`${where(sourcePath)}: image source type '${source.type}' is not carried by translation; the image was dropped`);
  return { ok: true, value: undefined };
}

/**
 * A document whose content is plain text (source `text`, or `content` made of text blocks)
 * is that text to every provider; PDFs and file references are dropped.
 */
export function decodeDocumentBlock(block: unknown, path: Path, warnings: Warnings): Parsed<TextPart[]> {
  const parsed = parseAt(documentBlockSchema, block, path);
  if (!parsed.ok) return parsed;
  const { source, cache_control } = parsed.value;
  const cc = cacheControlFromWire(cache_control);
  const sourcePath = [...path, 'source'];
  if (source.type === 'text') {
    const s = parseAt(textSourceSchema, source, sourcePath);
    if (!s.ok) return s;
    return { ok: true, value: [{ type: 'text', text: s.value.data, ...cc }] };
  }
  if (source.type === 'content') {
    const s = parseAt(contentSourceSchema, source, sourcePath);
    if (!s.ok) return s;
    const content = s.value.content;
    if (typeof content === 'string') return { ok: true, value: [{ type: 'text', text: content, ...cc }] };
    const out: TextPart[] = [];
    for (const [k, inner] of content.entries()) {
      const innerPath = [...sourcePath, 'content', k];
      if (inner.type !== 'text') {
        dropBlock(warnings, innerPath, inner.type);
        continue;
      }
      const part = decodeTextBlock(inner, innerPath);
      if (!part.ok) return part;
      out.push(part.value);
    }
    return { ok: true, value: out };
  }
  warnings.push(`${where(path)}: a document with source type '${source.type}' is not carried by translation and was dropped`);
  return { ok: true, value: [] };
}

/**
 * Text, image or plain-text document blocks as canonical parts; any other block type is
 * dropped with a warning. What tool results, system messages and (with the assistant's
 * own blocks added) user and assistant messages hold.
 */
/**
 * System instructions (the request's `system`, or a system message's content): a string or
 * blocks, of which only text is kept; an image is dropped with a warning naming `what`
 * ("the system prompt", "a system message"). Absent content is no instructions.
 */
export function decodeSystemText(
  content: string | Array<{ type: string }> | null | undefined,
  path: Path,
  what: 'the system prompt' | 'a system message',
  warnings: Warnings,
): Parsed<TextPart[]> {
  if (content === undefined || content === null) return { ok: true, value: [] };
  if (typeof content === 'string') return { ok: true, value: content === '' ? [] : [{ type: 'text', text: content }] };
  const out: TextPart[] = [];
  for (const [j, block] of content.entries()) {
    const parts = decodeMediaBlock(block, [...path, j], warnings);
    if (!parts.ok) return parts;
    for (const part of parts.value) {
      if (part.type === 'text') out.push(part);
      else warnings.push(`${where([...path, j])}: an image in ${what} is not carried by translation and was dropped`);
    }
  }
  return { ok: true, value: out };
}

export function decodeMediaBlock(block: { type: string }, path: Path, warnings: Warnings): Parsed<Array<TextPart | ImagePart>> {
  switch (block.type) {
    case 'text': {
      const part = decodeTextBlock(block, path);
      return part.ok ? { ok: true, value: [part.value] } : part;
    }
    case 'image': {
      const part = decodeImageBlock(block, path, warnings);
      if (!part.ok) return part;
      return { ok: true, value: part.value === undefined ? [] : [part.value] };
    }
    case 'document':
      return decodeDocumentBlock(block, path, warnings);
    default:
      dropBlock(warnings, path, block.type);
      return { ok: true, value: [] };
  }
}
