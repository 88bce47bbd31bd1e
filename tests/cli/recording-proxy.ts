/**
 * A loopback proxy between a coding CLI and the gateway that keeps what the CLI sent: method,
 * path, headers (credentials replaced) and body. The CLI matrix saves these as fixtures, so
 * the codec tests replay exactly what the current release of each tool sends.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Path and query, as the tool sent them. */
  path: string;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  status?: number;
  /** The gateway's answer when it refused the call (status >= 400), to say why in a failure. */
  errorBody?: string;
}

export interface RecordingProxy {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'cookie', 'proxy-authorization']);
/** Headers that differ on every run and say nothing about the request's shape. */
const VOLATILE_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'date']);

function keptHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || VOLATILE_HEADERS.has(name)) continue;
    out[name] = CREDENTIAL_HEADERS.has(name) ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const calls: RecordedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const call: RecordedCall = { method: req.method ?? 'GET', path: req.url ?? '/', headers: keptHeaders(req.headers), body: parseBody(raw.toString('utf8')) };
      calls.push(call);
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          call.status = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if ((answer.statusCode ?? 0) >= 400) {
            call.errorBody = '';
            answer.on('data', (c: Buffer) => {
              if (call.errorBody!.length < 4000) call.errorBody += c.toString('utf8');
            });
          }
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      res.on('close', () => forward.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
