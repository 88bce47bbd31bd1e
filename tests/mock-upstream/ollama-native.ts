/**
 * Ollama's native API (0.12.0), which asks for no key: GET / ("Ollama is running"),
 * GET /api/version, GET /api/tags, POST /api/show, /api/chat, /api/generate, /api/embed.
 * Errors are `{"error": "<message>"}` with Ollama's own messages: a body Go cannot bind
 * (ollama-validate.ts); an unknown model (chat, generate, show: 404 "model 'x' not found";
 * embed: 404 `model "x" not found, try pulling it first`, from its scheduler); a missing
 * capability (ollama-models.ts) such as tools or thinking; a think level on a model that is
 * not gpt-oss; an invalid `format` (500, or an error line once a stream has begun).
 *
 * Answers: chat and generate reply by the shared rules (behaviour.ts replyTo), as NDJSON
 * (application/x-ndjson, `stream` defaults to TRUE) of one line per word and a final done
 * line, or one JSON object with stream:false. A tool call is message.tool_calls
 * [{function:{name, arguments:{...}}}]; reasoning (think) is message.thinking / `thinking`.
 * The done line carries done_reason 'stop' and metrics: prompt_eval_count = usage input,
 * eval_count = usage output, load_duration 1 ms, prompt_eval_duration 0.1 ms per input
 * token, eval_duration 1 ms per output token, total_duration their sum + 0.5 ms (all ns).
 * generate's done line also has context: [1..input+output]. No messages (chat) or an empty
 * prompt (generate) is Ollama's load answer, done_reason 'load'. embed: {model,
 * embeddings: mockEmbedding(text, dimensions || 8) per input, prompt_eval_count: words}.
 */
import { replyTo } from './behaviour.js';
import { mockEmbedding } from './embedding-vector.js';
import { textAnswer, usageOf, type EndpointAnswer, type EndpointInput } from './endpoint.js';
import { ollamaError, reject } from './errors.js';
import { splitWords, wordsIn, type Json } from './narrow.js';
import { findOllamaModel, OLLAMA_VERSION, qualifiedName, showBody, tagsBody, type OllamaModel } from './ollama-models.js';
import { bindRequest, CHAT_FIELDS, chatConversation, EMBED_FIELDS, GENERATE_FIELDS, generateConversation, SHOW_FIELDS } from './ollama-validate.js';
import type { NeutralUsage, Reply } from './types.js';

const NDJSON = 'application/x-ndjson';

function fail(status: number, message: string): never {
  return reject(ollamaError(status, message));
}

function metrics(u: NeutralUsage): Json {
  const load = 1_000_000;
  const promptEval = u.input * 100_000;
  const evalDuration = u.output * 1_000_000;
  return {
    total_duration: load + promptEval + evalDuration + 500_000,
    load_duration: load,
    prompt_eval_count: u.input,
    prompt_eval_duration: promptEval,
    eval_count: u.output,
    eval_duration: evalDuration,
  };
}

/** Capabilities the request needs that the model lacks, in Go's errors.Join wording. */
function checkCapabilities(model: OllamaModel, name: string, wanted: string[], completionError: string): void {
  if (!model.capabilities.includes('completion')) fail(400, completionError);
  const missing = wanted.filter((c) => !model.capabilities.includes(c));
  if (missing.length > 0) fail(400, `${qualifiedName(name)} does not support ${missing.join('\n')}`);
}

function checkThinkLevel(body: Json, model: OllamaModel): void {
  if (typeof body.think === 'string' && model.family !== 'gptoss') fail(400, `think value ${JSON.stringify(body.think)} is not supported for this model`);
}

/** What the llama runner says about a `format` that is neither "json" nor a schema object. */
function formatError(format: unknown): string | undefined {
  if (format === undefined || format === null || format === '' || format === 'json' || (typeof format === 'object' && !Array.isArray(format))) return undefined;
  return `invalid format: ${JSON.stringify(JSON.stringify(format))}; expected "json" or a valid JSON Schema object`;
}

function toolCalls(reply: Reply): Json[] {
  if (!reply.toolCall) return [];
  return [{ function: { name: reply.toolCall.name, arguments: JSON.parse(reply.toolCall.arguments) as unknown } }];
}

/** Ollama reports prompt and eval counts only, so that is all that is recorded as usage. */
function respond(stream: boolean, lines: Json[], whole: Json, reported: NeutralUsage): EndpointAnswer {
  const usage = usageOf(reported.input, reported.output);
  if (!stream) return { kind: 'json', body: whole, usage };
  return { kind: 'stream', stream: { contentType: NDJSON, frames: lines.map((l) => `${JSON.stringify(l)}\n`) }, usage };
}

function formatFailure(stream: boolean, message: string): EndpointAnswer {
  if (stream) return { kind: 'stream', stream: { contentType: NDJSON, frames: [`${JSON.stringify({ error: message })}\n`] } };
  return { kind: 'error', error: ollamaError(500, message) };
}

function chat(input: EndpointInput): EndpointAnswer {
  const body = bindRequest(input.body, 'ChatRequest', CHAT_FIELDS);
  const name = typeof body.model === 'string' ? body.model : '';
  if (name.trim() === '') return fail(400, 'model is required');
  const model = findOllamaModel(input.ollama, name) ?? fail(404, `model '${name}' not found`);
  const tools = Array.isArray(body.tools) && body.tools.length > 0;
  checkCapabilities(model, name, [...(tools ? ['tools'] : []), ...(body.think === true ? ['thinking'] : [])], `${JSON.stringify(name)} does not support chat`);
  const createdAt = new Date(input.ctx.now()).toISOString();
  const head = { model: name, created_at: createdAt };
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { kind: 'json', body: { ...head, message: { role: 'assistant', content: '' }, done: true, done_reason: 'load' } };
  }
  checkThinkLevel(body, model);
  const stream = body.stream !== false;
  const formatProblem = formatError(body.format);
  if (formatProblem) return formatFailure(stream, formatProblem);
  const reply = replyTo(chatConversation(body), input.extraWords);
  const calls = toolCalls(reply);
  const done = { ...head, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...metrics(reply.usage) };
  const lines: Json[] = [
    ...splitWords(reply.reasoning ?? '').map((thinking) => ({ ...head, message: { role: 'assistant', content: '', thinking }, done: false })),
    ...splitWords(reply.text ?? '').map((content) => ({ ...head, message: { role: 'assistant', content }, done: false })),
    ...(calls.length > 0 ? [{ ...head, message: { role: 'assistant', content: '', tool_calls: calls }, done: false }] : []),
    done,
  ];
  const message: Json = { role: 'assistant', content: reply.text ?? '' };
  if (reply.reasoning) message.thinking = reply.reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  return respond(stream, lines, { ...done, message }, reply.usage);
}

function generate(input: EndpointInput): EndpointAnswer {
  const body = bindRequest(input.body, 'GenerateRequest', GENERATE_FIELDS);
  const name = typeof body.model === 'string' ? body.model : '';
  const model = findOllamaModel(input.ollama, name) ?? fail(404, `model '${name}' not found`);
  const context = Array.isArray(body.context) && body.context.length > 0;
  if (body.raw === true && (Boolean(body.template) || Boolean(body.system) || context)) fail(400, 'raw mode does not support template, system, or context');
  checkThinkLevel(body, model);
  const wanted = [...(typeof body.suffix === 'string' && body.suffix !== '' ? ['insert'] : []), ...(body.think === true ? ['thinking'] : [])];
  checkCapabilities(model, name, wanted, `${JSON.stringify(name)} does not support generate`);
  const head = { model: name, created_at: new Date(input.ctx.now()).toISOString() };
  if (typeof body.prompt !== 'string' || body.prompt === '') return { kind: 'json', body: { ...head, response: '', done: true, done_reason: 'load' } };
  const stream = body.stream !== false;
  const formatProblem = formatError(body.format);
  if (formatProblem) return formatFailure(stream, formatProblem);
  const reply = replyTo(generateConversation(body), input.extraWords);
  const tokens = Array.from({ length: reply.usage.input + reply.usage.output }, (_, i) => i + 1);
  const done = { ...head, response: '', done: true, done_reason: 'stop', context: tokens, ...metrics(reply.usage) };
  const lines: Json[] = [
    ...splitWords(reply.reasoning ?? '').map((thinking) => ({ ...head, response: '', thinking, done: false })),
    ...splitWords(reply.text ?? '').map((response) => ({ ...head, response, done: false })),
    done,
  ];
  const whole: Json = { ...done, response: reply.text ?? '' };
  if (reply.reasoning) whole.thinking = reply.reasoning;
  return respond(stream, lines, whole, reply.usage);
}

function embed(input: EndpointInput): EndpointAnswer {
  const body = bindRequest(input.body, 'EmbedRequest', EMBED_FIELDS);
  let texts: string[] = [];
  if (typeof body.input === 'string') texts = body.input === '' ? [] : [body.input];
  else if (Array.isArray(body.input)) texts = body.input.map((v) => (typeof v === 'string' ? v : fail(400, 'invalid input type')));
  else if (body.input !== undefined && body.input !== null) fail(400, 'invalid input type');
  const name = typeof body.model === 'string' ? body.model : '';
  if (name.trim() === '') return fail(400, 'model is required');
  if (!findOllamaModel(input.ollama, name)) return fail(404, `model ${JSON.stringify(name)} not found, try pulling it first`);
  if (texts.length === 0) return { kind: 'json', body: { model: name, embeddings: [] } };
  const dims = typeof body.dimensions === 'number' && body.dimensions > 0 ? body.dimensions : undefined;
  const count = texts.reduce((n, t) => n + wordsIn(t), 0);
  return {
    kind: 'json',
    body: { model: name, embeddings: texts.map((t) => mockEmbedding(t, dims)), total_duration: 1_500_000, load_duration: 1_000_000, prompt_eval_count: count },
    usage: usageOf(count),
  };
}

function show(input: EndpointInput): EndpointAnswer {
  const body = bindRequest(input.body, 'ShowRequest', SHOW_FIELDS);
  const name = typeof body.model === 'string' && body.model !== '' ? body.model : typeof body.name === 'string' ? body.name : '';
  if (name === '') return fail(400, 'model is required');
  const model = findOllamaModel(input.ollama, name) ?? fail(404, `model '${name}' not found`);
  return { kind: 'json', body: showBody(model) };
}

export function answerOllama(input: EndpointInput): EndpointAnswer {
  switch (input.route.action) {
    case 'root':
      return textAnswer('Ollama is running');
    case 'version':
      return { kind: 'json', body: { version: OLLAMA_VERSION } };
    case 'tags':
      return { kind: 'json', body: tagsBody(input.ollama) };
    case 'show':
      return show(input);
    case 'chat':
      return chat(input);
    case 'generate':
      return generate(input);
    default:
      return embed(input);
  }
}
