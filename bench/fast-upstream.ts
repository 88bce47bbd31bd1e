/**
 * The benchmark's upstream: OpenAI Chat (/v1/chat/completions) and Anthropic Messages
 * (/v1/messages), streamed or not, answering from bytes built at start-up so a request costs
 * little more than Node's HTTP parsing. Run as its own process (`fork` this file) so it does
 * not share an event loop with the load generator or the gateway; it reports its port over IPC.
 *
 * Streams come three ways, picked by the model id:
 *   - paced (default): one delta every `chunkIntervalMs`, a fast provider's token rate, so the
 *     figures show the latency the gateway adds rather than three processes fighting for CPU;
 *   - "flood" in the id: one delta per turn of the event loop, as fast as the upstream can
 *     write, so the total time shows what each chunk costs the gateway;
 *   - "hold" in the id: one delta every `holdIntervalMs` for `holdMs`, for the memory figure
 *     of many long streams open at once.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { anthropicMessage, openAiCompletion, STREAM_CHUNKS, streamParts } from './wire-fixtures.js';
import type { BenchFormat } from './wire-fixtures.js';

export interface FastUpstreamOptions {
  chunkIntervalMs: number;
  holdMs: number;
  holdIntervalMs: number;
}

interface Prebuilt {
  json: Buffer;
  head: Buffer;
  deltas: Buffer[];
  tail: Buffer;
  tailWithUsage: Buffer;
  /** The close of a held stream, whose delta count depends on how long it was held. */
  tailFor(withUsage: boolean, deltas: number): Buffer;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

function prebuild(format: BenchFormat): Prebuilt {
  const model = format === 'openai-chat' ? 'mock-gpt' : 'mock-claude';
  const parts = streamParts(format, model);
  const deltas: Buffer[] = [];
  for (let i = 0; i < STREAM_CHUNKS; i++) deltas.push(Buffer.from(parts.delta(i)));
  return {
    json: Buffer.from(format === 'openai-chat' ? openAiCompletion(model) : anthropicMessage(model)),
    head: Buffer.from(parts.head),
    deltas,
    tail: Buffer.from(parts.tail(false, STREAM_CHUNKS)),
    tailWithUsage: Buffer.from(parts.tail(true, STREAM_CHUNKS)),
    tailFor: (withUsage, n) => Buffer.from(parts.tail(withUsage, n)),
  };
}

interface Asked {
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readAsked(text: string): Asked | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(body) || typeof body.model !== 'string') return null;
  const options = body.stream_options;
  return {
    model: body.model,
    stream: body.stream === true,
    includeUsage: isRecord(options) && options.include_usage === true,
  };
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ error: { type: 'invalid_request_error', message } });
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes the deltas one per turn of the event loop, as fast as the upstream can. */
function streamFlood(res: ServerResponse, pre: Prebuilt, includeUsage: boolean): void {
  res.writeHead(200, SSE_HEADERS);
  res.write(pre.head);
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    if (i < pre.deltas.length) {
      res.write(pre.deltas[i++]);
      setImmediate(next);
      return;
    }
    res.end(includeUsage ? pre.tailWithUsage : pre.tail);
  };
  setImmediate(next);
}

interface PacedStream {
  res: ServerResponse;
  pre: Prebuilt;
  includeUsage: boolean;
  next: number;
}

/** One timer for every paced stream: each tick writes the next delta of each open stream. */
function createPacer(intervalMs: number): (stream: PacedStream) => void {
  const active = new Set<PacedStream>();
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    for (const s of active) {
      if (s.res.destroyed) {
        active.delete(s);
      } else if (s.next < s.pre.deltas.length) {
        s.res.write(s.pre.deltas[s.next++]);
      } else {
        s.res.end(s.includeUsage ? s.pre.tailWithUsage : s.pre.tail);
        active.delete(s);
      }
    }
    if (active.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  return (stream) => {
    stream.res.writeHead(200, SSE_HEADERS);
    stream.res.write(stream.pre.head);
    active.add(stream);
    timer ??= setInterval(tick, intervalMs);
  };
}

function streamHeld(res: ServerResponse, pre: Prebuilt, includeUsage: boolean, opts: FastUpstreamOptions): void {
  res.writeHead(200, SSE_HEADERS);
  res.write(pre.head);
  res.write(pre.deltas[0]);
  let sent = 1;
  const started = Date.now();
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      return;
    }
    if (Date.now() - started >= opts.holdMs) {
      clearInterval(timer);
      res.end(pre.tailFor(includeUsage, sent));
      return;
    }
    res.write(pre.deltas[sent % pre.deltas.length]);
    sent++;
  }, opts.holdIntervalMs);
  res.on('close', () => clearInterval(timer));
}

export function createFastUpstream(opts: FastUpstreamOptions): Server {
  const prebuilt: Record<BenchFormat, Prebuilt> = { 'openai-chat': prebuild('openai-chat'), anthropic: prebuild('anthropic') };
  const pace = createPacer(opts.chunkIntervalMs);

  const answer = (req: IncomingMessage, res: ServerResponse, format: BenchFormat, text: string) => {
    // Anthropic takes x-api-key, and its newer SDKs send a bearer token instead.
    const bearer = req.headers.authorization?.startsWith('Bearer ') === true;
    const authorized = format === 'openai-chat' ? bearer : bearer || Boolean(req.headers['x-api-key']);
    if (!authorized) return sendError(res, 401, 'missing API key');
    const asked = readAsked(text);
    if (!asked) return sendError(res, 400, 'the body must be a JSON object with a string model');
    const pre = prebuilt[format];
    if (!asked.stream) {
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': pre.json.length });
      res.end(pre.json);
    } else if (asked.model.includes('hold')) {
      streamHeld(res, pre, asked.includeUsage, opts);
    } else if (asked.model.includes('flood')) {
      streamFlood(res, pre, asked.includeUsage);
    } else {
      pace({ res, pre, includeUsage: asked.includeUsage, next: 0 });
    }
  };

  const server = createServer({ keepAliveTimeout: 120_000, requestTimeout: 0 }, (req, res) => {
    const format: BenchFormat | null =
      req.method !== 'POST' ? null : req.url === '/v1/chat/completions' ? 'openai-chat' : req.url === '/v1/messages' ? 'anthropic' : null;
    if (!format) {
      req.resume();
      return sendError(res, 404, `no endpoint ${req.method} ${req.url}`);
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, format, chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()));
  });
  return server;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'chunk-interval-ms': { type: 'string', default: '1' },
      'hold-ms': { type: 'string', default: '8000' },
      'hold-interval-ms': { type: 'string', default: '1000' },
    },
  });
  const server = createFastUpstream({
    chunkIntervalMs: Number(values['chunk-interval-ms']),
    holdMs: Number(values['hold-ms']),
    holdIntervalMs: Number(values['hold-interval-ms']),
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    if (process.send) process.send({ type: 'ready', port });
    else console.log(`fast upstream listening on http://127.0.0.1:${port}`);
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
