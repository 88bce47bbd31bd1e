import type { Dispatcher } from 'undici';

/**
 * Reads a body as text up to `max` bytes. Past the cap the body is destroyed rather than
 * drained: an upstream that answers without end must not keep the gateway reading.
 */
export async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const raw of body) {
    const chunk = raw as Buffer;
    chunks.push(chunk);
    size += chunk.length;
    if (size > max) {
      truncated = true;
      break;
    }
  }
  // Leaving the loop early already destroys the stream; this also covers a body never read to its end.
  if (truncated && !body.destroyed) body.destroy();
  const buffer = Buffer.concat(chunks);
  return { text: (truncated ? buffer.subarray(0, max) : buffer).toString('utf8'), truncated };
}

/** Reads a body as text, keeping at most `max` bytes (the rest is never read). */
export async function readText(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  return (await readCapped(body, max)).text;
}
