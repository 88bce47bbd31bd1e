/**
 * Spec-faithful mock of the upstream provider APIs every gateway test talks to:
 * OpenAI Chat (`POST /v1/chat/completions`), OpenAI Responses (`POST /v1/responses`),
 * Anthropic Messages (`POST /v1/messages`, `/v1/messages/count_tokens`) and Gemini
 * (`POST /v1beta/models/{model}:generateContent` / `:streamGenerateContent[?alt=sse]`),
 * plus the model lists (`GET /v1/models`, `GET /v1beta/models`). Beside chat, each in its
 * own file with its answer rules at the top: OpenAI embeddings.ts, images.ts,
 * audio-transcriptions.ts (multipart.ts), audio-speech.ts, moderations.ts; rerank.ts;
 * gemini-embed.ts; Ollama's native API, ollama-native.ts (models in ollama-models.ts).
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
 * Faults queued with inject() are matched in order against each request (see types.ts),
 * on every API alike.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countAnthropicTokens, validateAnthropic } from './anthropic.js';
import { replyTo } from './behaviour.js';
import { modelList } from './catalogue.js';
import type { EndpointAnswer } from './endpoint.js';
import { answerEndpoint, isEndpointFormat } from './endpoints.js';
import { anthropicInvalid, defaultErrorFor, missingKeyError } from './errors.js';
import { Exchange, type Pacing } from './exchange.js';
import { FaultQueue, pacingFor } from './faults.js';
import { dialectOf } from './formats.js';
import { validateGemini } from './gemini.js';
import { serveMockImage } from './images.js';
import { badJson, flatHeaders, notFound, OLLAMA_NOT_FOUND, readIncoming } from './incoming.js';
import { isRecord } from './narrow.js';
import { ollamaCatalogue, ollamaCompatMissing, openAiModelList } from './ollama-models.js';
import { validateOpenAiChat } from './openai-chat.js';
import { validateOpenAiResponses } from './openai-responses.js';
import { apiKeyOf, resolveRoute, type Route } from './route.js';
import { createSigner } from './signing.js';
import { createUsageEndpoint } from './usage-endpoint.js';
import type { HttpError, MockOptions, MockUpstream, RecordedRequest, RenderContext, Validation } from './types.js';

export type { FaultRule, MockOptions, MockUpstream, RecordedRequest, UploadRecord } from './types.js';
// What a test needs to predict the answers of the APIs beside chat.
export { DEFAULT_DIMENSIONS, float32Base64, mockEmbedding } from './embedding-vector.js';
export { TINY_PNG_BASE64 } from './images.js';
export { speechHeader } from './audio-speech.js';
export { relevance } from './rerank.js';
export { DEFAULT_OLLAMA_MODELS, OLLAMA_VERSION } from './ollama-models.js';

type ChatFormat = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** Ollama streams chat and generate unless told `stream: false`; the other APIs only when asked. */
function streamed(route: Route, body: unknown): boolean {
  if (route.pathStream !== undefined) return route.pathStream;
  if (route.format === 'ollama') return (route.action === 'chat' || route.action === 'generate') && !(isRecord(body) && body.stream === false);
  return isRecord(body) && body.stream === true;
}

export async function startMockUpstream(opts: MockOptions = {}): Promise<MockUpstream> {
  const signer = createSigner(opts.signingSecret ?? randomBytes(16).toString('hex'));
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const ollama = ollamaCatalogue(opts.ollamaModels);
  const requireKey = opts.requireKey !== false;
  let baseUrl = '';
  let counter = 0;
  const ctx: RenderContext = {
    nextId: (prefix) => `${prefix}mock${(counter += 1).toString(36).padStart(6, '0')}`,
    now: () => Date.now(),
    signer,
  };

  function validate(format: ChatFormat, route: Route, body: unknown, req: IncomingMessage): Validation {
    switch (format) {
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
    if (usage.serve(req, res) || serveMockImage(req, res)) return;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = resolveRoute(method, url, req.headers);
    const incoming = await readIncoming(req, route);
    const body = incoming.body;
    let resolveDone: () => void = () => undefined;
    const record: RecordedRequest = {
      format: route.format,
      path: req.url ?? '/',
      headers: flatHeaders(req),
      apiKey: apiKeyOf(route.format, req.headers, url),
      model: route.pathModel ?? (isRecord(body) && typeof body.model === 'string' ? body.model : ''),
      stream: streamed(route, body),
      body,
      ...(incoming.uploads ? { uploads: incoming.uploads } : {}),
      status: 0,
      aborted: false,
      done: new Promise<void>((resolve) => {
        resolveDone = resolve;
      }),
    };
    requests.push(record);
    const exchange = new Exchange(res, record, resolveDone);
    const dialect = dialectOf(route.format);
    // Each provider names its request-id header differently; clients surface it in errors.
    const requestId: Record<string, string> =
      dialect === 'anthropic' ? { 'request-id': ctx.nextId('req_') } : dialect === 'openai' ? { 'x-request-id': ctx.nextId('req_') } : {};
    const send = (e: HttpError, extra: Record<string, string> = {}): Promise<void> =>
      exchange.json(e.status, e.body, { ...requestId, ...e.headers, ...extra });

    const fault = faults.take(record);
    if (fault?.kind === 'status') {
      const fallback = defaultErrorFor(route.format, fault.status, record.model, fault.retryAfter);
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
      return send({ status: fault.status, body: fault.body ?? fallback.body }, headers);
    }
    if (fault?.kind === 'drop-before-headers') return exchange.drop();
    if (fault?.kind === 'slow-first-byte') await exchange.pause(fault.ms);
    const { pacing, extraWords, headers: faultHeaders } = pacingFor(fault);
    exchange.extraHeaders = faultHeaders;
    if (exchange.closed) return;

    if (route.kind === 'not-found') {
      if (dialect === 'ollama') return exchange.bytes(404, Buffer.from(OLLAMA_NOT_FOUND), { 'content-type': 'text/plain' });
      return send(notFound(route, method, url.pathname));
    }
    // Ollama's native API has no keys; `requireKey: false` makes every route a keyless local server's.
    if (requireKey && dialect !== 'ollama' && record.apiKey === '') return send(missingKeyError(route.format));
    if (route.format === 'anthropic' && req.headers['anthropic-version'] === undefined) {
      return send(anthropicInvalid('anthropic-version: header is required'));
    }
    if (route.kind === 'models') {
      return exchange.json(200, route.format === 'openai-chat' && ollama.explicit ? openAiModelList(ollama) : modelList(route.format));
    }
    if (!incoming.jsonOk) return send(badJson(route, incoming.text));
    if (route.kind === 'count-tokens') {
      const counted = countAnthropicTokens(body, { signer, beta: req.headers['anthropic-beta'] !== undefined });
      return counted.ok ? exchange.json(200, { input_tokens: counted.inputTokens }) : send(counted.error);
    }
    // A mock acting as Ollama (ollamaModels given) answers its /v1 routes only for pulled models.
    if ((route.format === 'openai-chat' || route.format === 'openai-embeddings') && record.model !== '') {
      const missing = ollamaCompatMissing(ollama, route.format === 'openai-chat' ? 'chat' : 'embeddings', record.model);
      if (missing) return send(missing);
    }

    const deliver = (answer: EndpointAnswer, paced: Pacing): Promise<void> => {
      if (answer.usage) record.usage = answer.usage;
      const headers = { ...requestId, ...answer.headers };
      switch (answer.kind) {
        case 'error':
          return send(answer.error);
        case 'json':
          return exchange.json(answer.status ?? 200, answer.body, headers, paced);
        case 'bytes':
          return exchange.bytes(answer.status ?? 200, answer.body, { 'content-type': answer.contentType, ...headers }, paced, answer.chunkBytes);
        case 'stream':
          return exchange.stream(answer.stream, headers, paced);
      }
    };
    if (isEndpointFormat(route.format)) {
      const input = { route, body, text: incoming.text, headers: req.headers, multipart: incoming.multipart, uploads: incoming.uploads ?? [] };
      return deliver(answerEndpoint(route.format, { ...input, ctx, baseUrl, ollama, extraWords }), pacing);
    }
    const validation = validate(route.format, route, body, req);
    if (!validation.ok) return send(validation.error);
    const accepted = validation.request;
    const reply = replyTo(accepted.conversation, extraWords);
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    requests,
    usage,
    inject(rule) {
      faults.push(rule);
    },
    reset() {
      requests.length = 0;
      faults.clear();
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
