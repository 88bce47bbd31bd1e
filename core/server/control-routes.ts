/**
 * POST /api/<method>: the HTTP door to the control contract, for the dashboard when it is
 * served by `serve` in a browser. The server has already checked Host against its allowlist.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson as sendJsonBody } from '../pipeline/respond.js';
import type { ControlApi, ControlErrorBody } from '../control/contract.js';
import { dispatchControl, statusForControlError, toControlErrorBody } from '../control/handlers.js';
import { readBody } from './read-body.js';

export const CONTROL_BODY_LIMIT = 64 * 1024;

/**
 * Methods that read or write files on the gateway's machine, or hand out the accounts' keys
 * (sealed with a passphrase the caller picks): over HTTP only for a caller on this machine.
 */
export const LOCAL_ONLY_METHODS: ReadonlySet<string> = new Set(['backup.create', 'backup.restore', 'config.export', 'config.import']);

export async function handleControlRequest(
  api: ControlApi,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  peer: { fromThisMachine: boolean; caller?: string },
): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, errorBody('invalid_input', 'Control methods are called with POST.'), { allow: 'POST' });
    return;
  }
  if (!peer.fromThisMachine && LOCAL_ONLY_METHODS.has(method)) {
    req.resume();
    sendJson(res, 403, errorBody('invalid_input', `${method} is available only on the gateway's own machine (the desktop app, or a client on 127.0.0.1).`));
    return;
  }
  if (!isSameOrigin(req)) {
    sendJson(res, 403, errorBody('invalid_input', 'Cross-origin control requests are refused.'));
    return;
  }
  // Browsers send form and text/plain POSTs cross-site without a preflight; requiring JSON
  // means a foreign page can only reach us through a CORS preflight, which we never grant.
  if (!isJsonContentType(req.headers['content-type'])) {
    sendJson(res, 415, errorBody('invalid_input', 'Send the input as JSON with content-type: application/json.'));
    return;
  }

  const body = await readBody(req, CONTROL_BODY_LIMIT);
  if (!body.ok) {
    if (body.reason === 'too_large') {
      sendJson(res, 413, errorBody('invalid_input', `The request body is over ${CONTROL_BODY_LIMIT} bytes.`), {
        connection: 'close',
      });
    }
    return;
  }

  let input: unknown;
  try {
    input = body.body.length === 0 ? {} : JSON.parse(body.body.toString('utf8'));
  } catch {
    sendJson(res, 400, errorBody('invalid_input', 'The request body is not valid JSON.'));
    return;
  }

  try {
    const output = await dispatchControl(api, method, input, peer.caller);
    sendJson(res, 200, output);
  } catch (err) {
    const errBody = toControlErrorBody(err);
    sendJson(res, statusForControlError(errBody.error.code), errBody);
  }
}

/** A request with no Origin (curl, same-origin GET) passes; one that names another origin does not. */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (!host) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" sent by sandboxed frames and file:// pages
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.host.toLowerCase() === host.toLowerCase();
}

export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const mediaType = header.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function errorBody(code: ControlErrorBody['error']['code'], message: string): ControlErrorBody {
  return { error: { code, message } };
}

/** Control answers are never cached and never sniffed. */
function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  sendJsonBody(res, status, value, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
}
