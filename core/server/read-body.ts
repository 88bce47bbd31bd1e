import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads a request body, refusing (without buffering further) once it passes `limit` bytes.
 * With a Content-Length (what SDKs send) the chunks are copied into one buffer of that size
 * as they arrive: no array of chunks and no second full-size copy to join them, so a body
 * costs about its own size while it is read.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  const known = req.headers['content-length'] !== undefined && Number.isInteger(declared) && declared >= 0;
  if (known && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    // Node's parser stops at Content-Length, so a known body never outgrows its buffer.
    let target: Buffer | null = known ? Buffer.allocUnsafe(declared) : null;
    let chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (size + chunk.length > limit || (target && size + chunk.length > target.length)) {
        target = null;
        chunks = [];
        req.resume();
        settle({ ok: false, reason: 'too_large' });
        return;
      }
      if (target) chunk.copy(target, size);
      else chunks.push(chunk);
      size += chunk.length;
    });
    req.on('end', () => {
      if (target) settle(size === target.length ? { ok: true, body: target } : { ok: false, reason: 'aborted' });
      else settle({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    });
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => settle({ ok: false, reason: 'aborted' }));
  });
}
