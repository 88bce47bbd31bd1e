import type { IncomingHttpHeaders } from 'node:http';
import type { WireFormat } from '../formats/canonical.js';

/**
 * The client request headers that reach the upstream, and the one wire format each belongs
 * to. They switch API features on (Anthropic betas such as interleaved thinking or context
 * management, a newer Anthropic API version, OpenAI betas) for a body that uses them, so a
 * pass-through request needs them to be accepted as the client sent it. A translated request
 * gets none: its body was written for another API, where the header means nothing. Ollama's
 * native API has no such headers, so an Ollama client's pass-through forwards none.
 *
 * Everything else stays with the gateway: the client's credentials (authorization,
 * x-api-key, x-goog-api-key, cookie) are for the gateway, the account's own go upstream;
 * hop-by-hop and framing headers belong to each connection; and the gateway's own headers
 * are not the provider's business.
 */
export const FORWARDED_HEADERS: Readonly<Record<string, readonly WireFormat[]>> = {
  'anthropic-beta': ['anthropic'],
  'anthropic-version': ['anthropic'],
  'openai-beta': ['openai-chat', 'openai-responses'],
};

/** The allowlisted client headers for one upstream call (none unless the formats match). */
export function forwardedHeaders(opts: {
  clientFormat: WireFormat;
  upstreamFormat: WireFormat;
  headers: IncomingHttpHeaders;
}): Record<string, string> {
  const out: Record<string, string> = {};
  if (opts.clientFormat !== opts.upstreamFormat) return out;
  for (const [name, formats] of Object.entries(FORWARDED_HEADERS)) {
    if (!formats.includes(opts.upstreamFormat)) continue;
    const value = opts.headers[name];
    // Node joins a repeated header with ", ", which is how these comma lists combine.
    if (typeof value === 'string' && value.trim() !== '') out[name] = value;
  }
  return out;
}

/**
 * The allowlisted headers a request carries, as one string (empty when none): two requests
 * that differ only there may get different answers, so they are not the same request.
 */
export function forwardableHeaders(headers: IncomingHttpHeaders): string {
  let out = '';
  for (const name of Object.keys(FORWARDED_HEADERS)) {
    const value = headers[name];
    if (typeof value === 'string') out += `${name}:${value}\n`;
  }
  return out;
}
