import { request } from 'undici';

/** Usage endpoints answer with a small JSON object; anything larger is not one. */
const MAX_BODY_BYTES = 256 * 1024;

/** GETs a provider's usage endpoint; `json` is undefined when the body is not JSON. */
export async function fetchUsageJson(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<{ status: number; json: unknown }> {
  const response = await request(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, signal });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      response.body.destroy();
      return { status: response.statusCode, json: undefined };
    }
    chunks.push(buf);
  }
  try {
    return { status: response.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { status: response.statusCode, json: undefined };
  }
}
