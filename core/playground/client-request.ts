/**
 * The client request a playground run sends, as a client of its format would: the model
 * and the stream flag go where that format carries them (the body, or Gemini's URL path),
 * and the body must pass the format's own request decoder, the same check a client's
 * request gets in the pipeline, so a typo is refused before anything is routed or logged.
 */
import type { WireFormat } from '../formats/canonical.js';
import { codecs } from '../formats/registry.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../server/json-depth.js';
import { PLAYGROUND_REQUEST_LIMIT, type PlaygroundSendInput } from '../control/playground-contract.js';

export interface ClientRequest {
  format: WireFormat;
  body: Record<string, unknown>;
  /** Gemini's model and stream choice, from its URL path. */
  pathModel?: string;
  pathStream?: boolean;
}

export type Built = { ok: true; request: ClientRequest } | { ok: false; message: string };

export function buildClientRequest(input: PlaygroundSendInput, ctx: { requestId: string; now: number }): Built {
  const serialised = JSON.stringify(input.body);
  if (Buffer.byteLength(serialised, 'utf8') > PLAYGROUND_REQUEST_LIMIT) {
    return { ok: false, message: `The request body is over ${PLAYGROUND_REQUEST_LIMIT} bytes.` };
  }
  if (nestsDeeperThan(Buffer.from(serialised, 'utf8'), MAX_JSON_DEPTH)) {
    return { ok: false, message: `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.` };
  }
  const request: ClientRequest =
    input.format === 'gemini'
      ? { format: 'gemini', body: withoutKeys(input.body, ['model', 'stream']), pathModel: input.model, pathStream: input.stream }
      : { format: input.format, body: { model: input.model, ...withoutKeys(input.body, ['model', 'stream']), stream: input.stream } };
  const decoded = codecs[request.format].decodeRequest(request.body, {
    ...ctx,
    ...(request.pathModel !== undefined ? { pathModel: request.pathModel, pathStream: request.pathStream } : {}),
  });
  if (!decoded.ok) return { ok: false, message: `This is not a valid ${request.format} request: ${decoded.error.message}` };
  return { ok: true, request };
}

/** The input's model and stream win; Gemini takes neither in its body, where a copied body may still carry them. */
function withoutKeys(body: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));
}
