import { z } from 'zod';
import type { CanonicalRequest, ReasoningConfig, ResponseFormat, TextPart, ToolDefinition } from '../canonical.js';
import type { Decoded, DecodeRequestContext, Warn } from '../codec.js';
import { functionToolDefinition } from '../custom-tools.js';
import { decodeImage } from './images.js';
import { decodeMessages } from './message-decode.js';
import { chatRequestSchema, generateRequestSchema, type OllamaOptions, type ThinkValue } from './request-schema.js';
import { zodBadRequest } from './validation.js';

/**
 * A client's Ollama body -> CanonicalRequest: /api/chat's conversation, or /api/generate's
 * one prompt (with its own system prompt and images) as a one-message conversation, marked so
 * the encoders answer in generate's shape. `stream` is true unless the client says false.
 */
export function decodeRequest(body: unknown, ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  return ctx.ollamaEndpoint === 'generate' ? decodeGenerate(body) : decodeChat(body, ctx);
}

function collector(): { warnings: string[]; warn: Warn } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message) };
}

function decodeChat(body: unknown, ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) return zodBadRequest(parsed.error);
  const b = parsed.data;
  const { warnings, warn } = collector();
  const decoded = decodeMessages(b.messages ?? [], ctx, warn);
  if (!decoded.ok) return decoded;
  const request: CanonicalRequest = {
    model: b.model,
    system: decoded.value.system,
    messages: decoded.value.messages,
    stream: b.stream ?? true,
  };
  const tools = decodeTools(b.tools ?? [], warn);
  if (!tools.ok) return tools;
  if (tools.value.length > 0) request.tools = tools.value;
  applyCommon(request, b, warn);
  if (warnings.length > 0) request.warnings = warnings;
  return { ok: true, value: request };
}

function decodeGenerate(body: unknown): Decoded<CanonicalRequest> {
  const parsed = generateRequestSchema.safeParse(body);
  if (!parsed.success) return zodBadRequest(parsed.error);
  const b = parsed.data;
  const { warnings, warn } = collector();
  const system: TextPart[] = b.system ? [{ type: 'text', text: b.system }] : [];
  const content = [...(b.prompt ? [{ type: 'text' as const, text: b.prompt }] : []), ...(b.images ?? []).map(decodeImage)];
  const request: CanonicalRequest = {
    model: b.model,
    system,
    messages: content.length > 0 ? [{ role: 'user', content }] : [],
    stream: b.stream ?? true,
    ollamaEndpoint: 'generate',
  };
  if (b.suffix) warn('suffix dropped: fill-in-the-middle is only carried to an Ollama upstream');
  if (b.raw) warn("raw dropped: the prompt goes as a user message in the upstream's own template");
  if (b.template) warn('template dropped: the upstream applies its own prompt template');
  if (b.context?.length) warn('context dropped: the tokens of an earlier /api/generate answer mean nothing to another upstream');
  applyCommon(request, b, warn);
  if (warnings.length > 0) request.warnings = warnings;
  return { ok: true, value: request };
}

/** What /api/chat and /api/generate share: format, options and think. */
function applyCommon(
  request: CanonicalRequest,
  b: { format?: string | Record<string, unknown> | null | undefined; options?: OllamaOptions | null | undefined; think?: ThinkValue | null | undefined },
  warn: Warn,
): void {
  if (b.format != null) {
    const format = decodeFormat(b.format, warn);
    if (format) request.responseFormat = format;
  }
  if (b.options) applyOptions(request, b.options, warn);
  if (b.think != null) request.reasoning = decodeThink(b.think);
}

const KNOWN_OPTIONS = new Set(['temperature', 'top_p', 'top_k', 'num_predict', 'stop', 'seed', 'presence_penalty', 'frequency_penalty']);

function applyOptions(request: CanonicalRequest, options: OllamaOptions, warn: Warn): void {
  if (options.temperature != null) request.temperature = options.temperature;
  if (options.top_p != null) request.topP = options.top_p;
  if (options.top_k != null) request.topK = Math.trunc(options.top_k);
  // -1 means "until the model stops", -2 "until the context is full": no limit either way.
  if (options.num_predict != null && options.num_predict > 0) request.maxTokens = Math.trunc(options.num_predict);
  if (options.stop != null) {
    const stop = typeof options.stop === 'string' ? [options.stop] : options.stop;
    if (stop.length > 0) request.stop = stop;
  }
  // Ollama's default seed is -1: a random one each time.
  if (options.seed != null && options.seed >= 0) request.seed = Math.trunc(options.seed);
  if (options.presence_penalty != null) request.presencePenalty = options.presence_penalty;
  if (options.frequency_penalty != null) request.frequencyPenalty = options.frequency_penalty;
  const dropped = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
  if (dropped.length > 0) warn(`options.${dropped.join(', options.')} dropped: only an Ollama upstream takes ${dropped.length === 1 ? 'it' : 'them'}`);
}

function decodeFormat(format: string | Record<string, unknown>, warn: Warn): ResponseFormat | undefined {
  if (typeof format !== 'string') return { type: 'json_schema', name: 'response', schema: format };
  if (format === '') return undefined;
  if (format === 'json') return { type: 'json_object' };
  warn(`format '${format}' dropped: only 'json' or a JSON schema constrains the answer`);
  return undefined;
}

/** The client reads thinking back from `message.thinking`, so the thoughts are wanted too. */
function decodeThink(think: ThinkValue): ReasoningConfig {
  if (think === false) return { enabled: false };
  if (think === true) return { enabled: true, includeThoughts: true };
  // The canonical scale tops out at high.
  return { enabled: true, effort: think === 'max' ? 'high' : think, includeThoughts: true };
}

const toolSchema = z.object({
  type: z.string().nullish(),
  function: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

/** Ollama's tools are OpenAI's function tools; other types are dropped with a warning. */
function decodeTools(tools: readonly unknown[], warn: Warn): Decoded<ToolDefinition[]> {
  const out: ToolDefinition[] = [];
  for (const [i, raw] of tools.entries()) {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? raw.type : undefined;
    if (type != null && type !== 'function') {
      warn(`tools[${i}]: tool type '${String(type)}' dropped: only function tools are carried`);
      continue;
    }
    const parsed = toolSchema.safeParse(raw);
    if (!parsed.success) return zodBadRequest(parsed.error, ['tools', i]);
    out.push(functionToolDefinition(parsed.data.function));
  }
  return { ok: true, value: out };
}
