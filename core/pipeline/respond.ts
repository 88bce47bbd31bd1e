import type { ServerResponse } from 'node:http';
import type { CanonicalError, WireFormat } from '../formats/canonical.js';
import { codecs } from '../formats/registry.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Answers with an error shaped like the client's own API, so its SDK raises its typed error. */
export function sendError(res: ServerResponse, format: WireFormat, error: CanonicalError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body } = codecs[format].encodeError(error);
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(error.retryAfter)));
  sendJson(res, status, body, headers);
}

export function invalidRequest(message: string): CanonicalError {
  return { status: 400, kind: 'invalid_request', message };
}
