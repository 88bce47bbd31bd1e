/**
 * Spec-faithful mock of the four upstream provider APIs every gateway test talks to:
 * OpenAI Chat (`POST /v1/chat/completions`), OpenAI Responses (`POST /v1/responses`),
 * Anthropic Messages (`POST /v1/messages`, `/v1/messages/count_tokens`) and Gemini
 * (`POST /v1beta/models/{model}:generateContent` / `:streamGenerateContent[?alt=sse]`),
 * plus the model lists (`GET /v1/models`, `GET /v1beta/models`).
 *
 * It is an independent model of the real APIs and imports nothing from core/, so a
 * translation bug in core cannot be mirrored here. Requests are validated as strictly as the
 * real APIs validate them (same statuses, error shapes and messages); answers follow the
 * deterministic rules documented in behaviour.ts:
 *   1. tool result in the last user turn -> `Tool said: <result text>`
 *   2. image in the last user turn       -> `I see an image (<mediaType>, <n> bytes)` / `(url)`
 *   3. tools + "weather" in the last text -> call the first tool with {"city":"Paris","unit":"celsius"}
 *   4. otherwise                          -> `Hello! You said: <last user text>`
 *   5. reasoning requested                -> `Let me think about this.` before the answer
 *   6. usage: input = words + 85/image + 10; cached = floor(input/4) (input >= 8);
 *      output = reply words (tool call = 5) + reasoning; reasoning = 5 when produced.
 * Faults queued with inject() are matched in order against each request (see types.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateAnthropic, countAnthropicTokens } from './anthropic.js';
import { decide, decideAgentStep } from './behaviour.js';
import { agentTask } from './agent-task.js';
import { modelList } from './catalogue.js';
import { anthropicError, anthropicInvalid, defaultErrorFor, geminiError, missingKeyError, openAiError } from './errors.js';
import { Exchange, type Pacing } from './exchange.js';
import { validateGemini } from './gemini.js';
import { isRecord } from './narrow.js';
import { validateOpenAiChat } from './openai-chat.js';
import { validateOpenAiResponses } from './openai-responses.js';
import { apiKeyOf, resolveRoute, type Route } from './route.js';
import { createSigner } from './signing.js';
import { createUsageEndpoint } from './usage-endpoint.js';
import type { FaultKind, FaultRule, HttpError, MockUpstream, RecordedRequest, RenderContext, Validation } from './types.js';

export type { FaultRule, MockUpstream, RecordedRequest } from './types.js';

interface QueuedFault {
  rule: FaultRule;
  remaining: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function badJson(route: Route): HttpError {
  if (route.format === 'anthropic') return anthropicInvalid('There was an error parsing the body of your request. Please check that it is valid JSON.');
  if (route.format === 'gemini') return geminiError(400, 'Invalid JSON payload received. Unexpected token.');
  return openAiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
  );
}

function notFound(route: Route, method: string, path: string): HttpError {
  if (route.format === 'anthropic') return anthropicError(404, 'not_found_error', 'Not Found');
  if (route.format === 'gemini') return geminiError(404, `Method not found: ${method} ${path}`);
  return openAiError(404, `Invalid URL (${method} ${path})`);
}

function matches(rule: FaultRule, record: RecordedRequest): boolean {
  const m = rule.match ?? {};
  return (
    (m.format === undefined || m.format === record.format) &&
    (m.model === undefined || m.model === record.model) &&
    (m.apiKey === undefined || m.apiKey === record.apiKey)
  );
}

export async function startMockUpstream(opts: { signingSecret?: string } = {}): Promise<MockUpstream> {
  const signer = createSigner(opts.signingSecret ?? randomBytes(16).toString('hex'));
  const requests: RecordedRequest[] = [];
  let faults: QueuedFault[] = [];
  let counter = 0;
  const ctx: RenderContext = {
    nextId: (prefix) => `${prefix}mock${(counter += 1).toString(36).padStart(6, '0')}`,
    now: () => Date.now(),
    signer,
  };

  function takeFault(record: RecordedRequest): FaultKind | undefined {
    const queued = faults.find((f) => f.remaining > 0 && matches(f.rule, record));
    if (!queued) return undefined;
    queued.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return queued.rule.fault;
  }

  function validate(route: Route, body: unknown, req: IncomingMessage): Validation {
    switch (route.format) {
      case 'openai-chat':
        return validateOpenAiChat(body);
      case 'openai-responses':
        return validateOpenAiResponses(body, signer);
      case 'anthropic':
        return validateAnthropic(body, { signer, beta: req.headers['anthropic-beta'] !== undefined });
      case 'gemini':
        return validateGemini(body, { signer, model: route.pathModel ?? '', stream: route.pathStream === true, sse: route.sse === true });
    }
  }

  const usage = createUsageEndpoint();
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (usage.serve(req, res)) return;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = resolveRoute(method, url, req.headers);
    const text = await readBody(req);
    const parsed = parseJson(text);
    const body = parsed.ok ? parsed.value : text;
    let resolveDone: () => void = () => undefined;
    const record: RecordedRequest = {
      format: route.format,
      path: req.url ?? '/',
      headers: flatHeaders(req),
      apiKey: apiKeyOf(route.format, req.headers, url),
      model: route.pathModel ?? (isRecord(body) && typeof body.model === 'string' ? body.model : ''),
      stream: route.pathStream ?? (isRecord(body) && body.stream === true),
      body,
      status: 0,
      aborted: false,
      done: new Promise<void>((resolve) => {
        resolveDone = resolve;
      }),
    };
    requests.push(record);
    const exchange = new Exchange(res, record, resolveDone);
    // Each provider names its request-id header differently; clients surface it in errors.
    const requestId: Record<string, string> =
      route.format === 'anthropic' ? { 'request-id': ctx.nextId('req_') } : route.format === 'gemini' ? {} : { 'x-request-id': ctx.nextId('req_') };
    const send = (e: HttpError, extra: Record<string, string> = {}): Promise<void> =>
      exchange.json(e.status, e.body, { ...requestId, ...e.headers, ...extra });

    const fault = takeFault(record);
    const pacing: Pacing = {};
    let extraWords = 0;
    if (fault?.kind === 'status') {
      const fallback = defaultErrorFor(route.format, fault.status, record.model, fault.retryAfter);
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
      return send({ status: fault.status, body: fault.body ?? fallback.body }, headers);
    }
    if (fault?.kind === 'drop-before-headers') return exchange.drop();
    if (fault?.kind === 'slow-first-byte') await exchange.pause(fault.ms);
    if (fault?.kind === 'headers') exchange.extraHeaders = fault.headers;
    if (fault?.kind === 'drop-mid-stream') pacing.dropAfter = fault.afterEvents;
    if (fault?.kind === 'slow-stream') {
      pacing.delayMs = fault.delayMs;
      extraWords = fault.extraTextEvents ?? 0;
    }
    if (exchange.closed) return;

    if (route.kind === 'not-found') return send(notFound(route, method, url.pathname));
    if (record.apiKey === '') return send(missingKeyError(route.format));
    if (route.format === 'anthropic' && req.headers['anthropic-version'] === undefined) {
      return send(anthropicInvalid('anthropic-version: header is required'));
    }
    if (route.kind === 'models') return exchange.json(200, modelList(route.format));
    if (!parsed.ok) return send(badJson(route));
    if (route.kind === 'count-tokens') {
      const counted = countAnthropicTokens(body, { signer, beta: req.headers['anthropic-beta'] !== undefined });
      return counted.ok ? exchange.json(200, { input_tokens: counted.inputTokens }) : send(counted.error);
    }
    const validation = validate(route, body, req);
    if (!validation.ok) return send(validation.error);
    const accepted = validation.request;
    const task = agentTask(accepted.conversation);
    const reply = (task && decideAgentStep(accepted.conversation, task)) ?? decide(accepted.conversation, extraWords);
    record.usage = reply.usage;
    const headers = { ...requestId, ...accepted.headers };
    if (accepted.stream) return exchange.stream(accepted.renderStream(reply, ctx), headers, pacing);
    return exchange.json(200, accepted.renderJson(reply, ctx), headers, pacing);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`mock upstream crashed: ${String(error)}`);
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    usage,
    inject(rule) {
      faults.push({ rule, remaining: rule.times ?? 1 });
    },
    reset() {
      requests.length = 0;
      faults = [];
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
