import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { CanonicalError, CanonicalRequest, Usage, WireFormat } from '../formats/canonical.js';
import type { CodecContext } from '../formats/codec.js';
import { codecs } from '../formats/registry.js';
import type { GatewayError } from '../routing/gateway-error.js';
import type { RouteTarget } from '../routing/resolve.js';
import type { UpstreamClient } from '../upstream/client.js';
import { rewriteBodyModel } from './model-rewrite.js';
import type { RouterPort } from './router-port.js';
import { relayStream } from './stream-relay.js';
import { streamContentType } from '../formats/stream-framing.js';
import { estimateInputTokens } from './estimate-tokens.js';
import { streamUsage } from '../usage/estimate-usage.js';
import type { UpstreamBodies } from './upstream-body.js';
import type { BodyCapture } from './body-capture.js';
import type { AttemptNote } from './attempt-list.js';
import { callUpstream, requestError, transportFailure, unsafeModelFailure, upstreamDeadline, type UpstreamDeadline } from './upstream-call.js';
import { readCapped } from '../upstream/read-text.js';
import { warningsHeader } from './warnings-header.js';

/** A non-streamed answer bigger than this is not a chat completion. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export type AttemptOutcome =
  /**
   * The upstream answered. A stream has been relayed (it may have ended in an error event)
   * and is ended by the caller; a non-streamed answer is in `reply`, sent by the caller once
   * the request is logged, so a response the client saw complete is never missing from the log.
   */
  | {
      kind: 'answered';
      status: number;
      usage?: Usage;
      usageEstimated?: boolean;
      ttftMs?: number;
      error?: CanonicalError;
      reply?: Reply;
      /** What translation dropped or changed for this upstream (also sent in x-omniroute-warnings). */
      warnings: string[];
      /** `error` is the gateway's own failure (stream translation), not the account's. */
      gatewayFault?: boolean;
    }
  /** Nothing reached the client: the caller may try another candidate. */
  | { kind: 'failed'; error: GatewayError }
  | { kind: 'client_gone'; usage?: Usage; usageEstimated?: boolean };

/** A complete non-streamed answer, ready to send. */
export interface Reply {
  headers: Record<string, string | number>;
  body: string;
}

export interface AttemptInput {
  res: ServerResponse;
  clientFormat: WireFormat;
  /** The client's request headers; the allowlisted ones reach a same-format upstream. */
  clientHeaders: IncomingHttpHeaders;
  requestedModel: string;
  stream: boolean;
  target: RouteTarget;
  bodies: UpstreamBodies;
  ctx: CodecContext;
  signal: AbortSignal;
  startedAt: number;
  upstream: UpstreamClient;
  router: RouterPort;
  now: () => number;
  /** Headers that tell the client what happened (route, attempts), set on success. */
  routeHeaders: () => Record<string, string>;
  /** Body capture for the request log, only when it is on. */
  capture?: BodyCapture | undefined;
  /** The attempt's line in the request log, given the upstream's status. */
  note?: AttemptNote | undefined;
}

function jsonReply(body: string, headers: Record<string, string>): Reply {
  return { headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }, body };
}

/**
 * Header values must be Latin-1 without control characters or Node throws mid-answer; a model
 * or account name the user typed may be anything, so those are percent-encoded.
 */
function headerSafe(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    // eslint-disable-next-line no-control-regex
    if (/[^\u0020-\u007e\u00a0-\u00ff\t]/.test(value)) headers[name] = encodeURIComponent(value);
  }
  return headers;
}

/** One upstream call for one candidate, answered to the client only if it succeeds. */
export async function attemptUpstream(a: AttemptInput): Promise<AttemptOutcome> {
  const deadline = upstreamDeadline(a.signal, a.startedAt + a.router.budget.timeBudgetMs);
  try {
    return await attemptWithin(a, deadline);
  } finally {
    deadline.dispose();
  }
}

async function attemptWithin(a: AttemptInput, deadline: UpstreamDeadline): Promise<AttemptOutcome> {
  const { target, res } = a;
  const unsafe = unsafeModelFailure(target);
  if (unsafe) return { kind: 'failed', error: unsafe };
  const built = a.bodies.for(target);
  if (!built.ok) return { kind: 'failed', error: requestError(built.error) };
  const upstreamFormat = target.provider.format;
  const { warnings } = built;
  const responseHeaders = () => headerSafe({ ...a.routeHeaders(), ...warningsHeader(warnings) });
  // A pass-through answer names the upstream's model; the client is told the name it asked
  // for. Nothing to do when it asked by the upstream's own id.
  const passthrough = a.bodies.answerPassesThrough(upstreamFormat);
  const clientModel = passthrough && a.requestedModel !== target.model ? a.requestedModel : undefined;

  const payload = JSON.stringify(built.body);
  a.capture?.startAttempt(payload);
  const reply = await callUpstream({
    target,
    clientFormat: a.clientFormat,
    clientHeaders: a.clientHeaders,
    stream: a.stream,
    payload,
    upstream: a.upstream,
    router: a.router,
    now: a.now,
    clientSignal: a.signal,
    deadline,
    note: a.note,
  });
  if (reply.kind === 'failed' && 'rawBody' in reply) {
    a.capture?.setUpstreamResponse(typeof reply.rawBody === 'string' ? reply.rawBody : JSON.stringify(reply.rawBody) ?? '');
  }
  if (reply.kind !== 'response') return reply;
  const { response } = reply;

  a.router.observe?.(target, response.headers);

  // Pass-through never re-encodes the answer, except for an error the gateway synthesises,
  // which does not depend on the request; so the client's body is not decoded there.
  const request: CanonicalRequest = a.bodies.decodedRequest() ?? { model: a.requestedModel, system: [], messages: [], stream: a.stream };
  const encodeCtx = { ...a.ctx, model: a.requestedModel, request };

  if (a.stream) {
    deadline.arm(a.upstream.timeouts?.streamTotalMs ?? Infinity, 'stream');
    const outcome = await relayStream({
      res,
      body: response.body,
      upstreamFormat,
      clientFormat: a.clientFormat,
      ctx: a.ctx,
      encodeCtx,
      signal: a.signal,
      startedAt: a.startedAt,
      capture: a.capture,
      clientModel,
      passthrough,
      begin: () => res.writeHead(200, { 'content-type': streamContentType(a.clientFormat), 'cache-control': 'no-cache', ...responseHeaders() }),
    });
    const { firstByteMs } = outcome;
    if (outcome.gatewayFault && !outcome.clientGone && firstByteMs === undefined) {
      // The gateway's own translation failed: not retried elsewhere, not held against the account.
      return { kind: 'failed', error: { code: 'upstream_error', status: 500, retryable: false, scope: 'account', error: outcome.error! } };
    }
    if (!outcome.clientGone && firstByteMs === undefined) {
      const error = outcome.error ?? { status: 502, kind: 'api_error' as const, message: 'The upstream stream ended without an answer.' };
      return { kind: 'failed', error: a.router.classify({ error, now: a.now() }) };
    }
    // A stream cut short, or one that carries no usage (an OpenAI Chat client that did not ask
    // for include_usage, passed through untouched), is booked with what was reported plus an
    // estimate of the rest, marked as estimated.
    const { usage, estimated } = streamUsage({
      reported: outcome.reported,
      final: outcome.completed && !outcome.clientGone,
      outputChars: outcome.outputChars,
      estimateInput: () => {
        const request = a.bodies.canonical();
        return request.ok ? estimateInputTokens(request.value) : 0;
      },
    });
    const booked = { usage, ...(estimated ? { usageEstimated: true } : {}) };
    if (outcome.clientGone || firstByteMs === undefined) return { kind: 'client_gone', ...booked };
    return {
      kind: 'answered',
      warnings,
      status: outcome.error ? outcome.error.status : 200,
      ttftMs: Math.round(firstByteMs),
      ...booked,
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.gatewayFault ? { gatewayFault: true } : {}),
    };
  }

  let text: string;
  try {
    const read = await readCapped(response.body, MAX_RESPONSE_BYTES);
    text = read.text;
    a.capture?.setUpstreamResponse(text);
    if (read.truncated) {
      // This account answers with something no chat completion is; asking it again would
      // fetch the same flood. Another request may fare better, so the account is not blamed
      // for longer than a failure.
      const error: CanonicalError = { status: 502, kind: 'api_error', message: 'The upstream provider answered with more data than any chat completion holds.' };
      return { kind: 'failed', error: { code: 'upstream_error', status: 502, retryable: false, scope: 'account', error } };
    }
  } catch (err) {
    return transportFailure(a.router, a.now(), a.signal, deadline, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const error: CanonicalError = { status: 502, kind: 'api_error', message: 'The upstream provider answered with something that is not JSON.' };
    return { kind: 'failed', error: a.router.classify({ error, now: a.now() }) };
  }
  if (passthrough) {
    // Pass-through answers with the upstream's own bytes but for the model name: full
    // fidelity, no re-serialising, and nothing decoded but the usage.
    const usage = codecs[upstreamFormat].responseUsage(parsed);
    const body = clientModel === undefined ? text : rewriteBodyModel(upstreamFormat, text, clientModel);
    return { kind: 'answered', warnings, status: 200, ...(usage ? { usage } : {}), reply: jsonReply(body, responseHeaders()) };
  }
  const decoded = codecs[upstreamFormat].decodeResponse(parsed, a.ctx);
  if (!decoded.ok) {
    return { kind: 'failed', error: a.router.classify({ error: { ...decoded.error, status: 502, kind: 'api_error' }, now: a.now() }) };
  }
  const body = JSON.stringify(codecs[a.clientFormat].encodeResponse(decoded.value, encodeCtx));
  return { kind: 'answered', warnings, status: 200, usage: decoded.value.usage, reply: jsonReply(body, responseHeaders()) };
}
