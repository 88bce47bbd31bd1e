import type { Dispatcher } from 'undici';

/** Reads a body as text, keeping at most `max` bytes (the rest is drained and dropped). */
export async function readText(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const raw of body) {
    const chunk = raw as Buffer;
    if (size < max) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, max);
}
