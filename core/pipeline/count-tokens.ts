import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { decodeCountTokensRequest } from '../formats/anthropic/index.js';
import type { CodecContext } from '../formats/codec.js';
import { resolveModel } from '../routing/resolve.js';
import type { RouteTable } from '../routing/route-table.js';
import { transportError } from '../upstream/client.js';
import type { UpstreamClient } from '../upstream/client.js';
import { upstreamTarget } from '../upstream/target.js';
import { forwardedHeaders } from '../upstream/forwarded-headers.js';
import { estimateInputTokens } from './estimate-tokens.js';
import { sendError, sendJson } from './respond.js';
import { upstreamErrorToCanonical } from './upstream-error.js';
import { readText } from '../upstream/read-text.js';

/**
 * Anthropic's `POST /v1/messages/count_tokens` (Claude Code calls it to size its context).
 * An Anthropic-format upstream counts exactly; for any other the gateway estimates.
 */
export async function handleCountTokens(opts: {
  res: ServerResponse;
  body: unknown;
  ctx: CodecContext;
  routeTable: RouteTable;
  upstream: UpstreamClient;
  /** The client's request headers: its anthropic-beta and anthropic-version go upstream. */
  headers?: IncomingHttpHeaders;
}): Promise<number> {
  const { res } = opts;
  const decoded = decodeCountTokensRequest(opts.body, opts.ctx);
  if (!decoded.ok) {
    sendError(res, 'anthropic', decoded.error);
    return decoded.error.status;
  }
  const resolved = resolveModel(opts.routeTable, decoded.value.model);
  if (!resolved.ok) {
    sendError(res, 'anthropic', resolved.error);
    return resolved.error.status;
  }
  const { provider, connection, model } = resolved.target;
  if (provider.format !== 'anthropic') {
    sendJson(res, 200, { input_tokens: estimateInputTokens(decoded.value) });
    return 200;
  }
  const forwarded = forwardedHeaders({ clientFormat: 'anthropic', upstreamFormat: provider.format, headers: opts.headers ?? {} });
  const target = upstreamTarget({ provider, baseUrl: connection.baseUrl, apiKey: connection.apiKey, model, stream: false, forwarded });
  target.url = target.url.replace(/\/messages$/, '/messages/count_tokens');
  try {
    const response = await opts.upstream.send(target, JSON.stringify({ ...(opts.body as object), model }), new AbortController().signal);
    if (response.statusCode >= 400) {
      const { rawBody: _raw, ...error } = await upstreamErrorToCanonical('anthropic', response, opts.ctx.now, [connection.apiKey]);
      sendError(res, 'anthropic', error);
      return error.status;
    }
    const text = await readText(response.body, 1024 * 1024);
    res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    return 200;
  } catch (err) {
    const error = transportError(err);
    sendError(res, 'anthropic', error);
    return error.status;
  }
}
