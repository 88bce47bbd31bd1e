import { z } from 'zod';
import type {
  CanonicalError,
  CanonicalRequest,
  ReasoningConfig,
  ReasoningEffort,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../canonical.js';
import type { Decoded, DecodeRequestContext } from '../codec.js';
import { decodeContents } from './contents-decode.js';
import { geminiSchemaToJsonSchema } from './schema-convert.js';
import { camelizeKeys } from './wire-keys.js';
import { firstIssue, partSchema } from './wire-schema.js';

const jsonObject = z.record(z.string(), z.unknown());

const functionDeclarationSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  parametersJsonSchema: jsonObject.nullish(),
});

const generationConfigSchema = z.looseObject({
  temperature: z.number().nullish(),
  topP: z.number().nullish(),
  topK: z.number().nullish(),
  maxOutputTokens: z.number().nullish(),
  stopSequences: z.array(z.string()).nullish(),
  candidateCount: z.number().nullish(),
  responseMimeType: z.string().nullish(),
  responseSchema: jsonObject.nullish(),
  responseJsonSchema: jsonObject.nullish(),
  seed: z.number().nullish(),
  presencePenalty: z.number().nullish(),
  frequencyPenalty: z.number().nullish(),
  thinkingConfig: z
    .looseObject({
      thinkingBudget: z.number().nullish(),
      includeThoughts: z.boolean().nullish(),
      thinkingLevel: z.string().nullish(),
    })
    .nullish(),
});

// safetySettings, cachedContent and labels are accepted and ignored: the loose object lets them through.
const requestSchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().nullish(), parts: z.array(partSchema) })),
  systemInstruction: z
    .union([z.string(), z.looseObject({ parts: z.array(z.looseObject({ text: z.string().nullish() })).nullish() })])
    .nullish(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(functionDeclarationSchema).nullish() })).nullish(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({ mode: z.string().nullish(), allowedFunctionNames: z.array(z.string()).nullish() })
        .nullish(),
    })
    .nullish(),
  generationConfig: generationConfigSchema.nullish(),
});

type WireRequest = z.infer<typeof requestSchema>;
type WireGenerationConfig = z.infer<typeof generationConfigSchema>;

const EFFORTS: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];

class InvalidRequest {
  constructor(readonly message: string) {}
}

function invalid(message: string): CanonicalError {
  return { status: 400, kind: 'invalid_request', message };
}

function decodeSystem(system: WireRequest['systemInstruction']): TextPart[] {
  if (system == null) return [];
  if (typeof system === 'string') return system === '' ? [] : [{ type: 'text', text: system }];
  const parts: TextPart[] = [];
  for (const part of system.parts ?? []) if (part.text != null && part.text !== '') parts.push({ type: 'text', text: part.text });
  return parts;
}

function decodeTools(tools: NonNullable<WireRequest['tools']>): ToolDefinition[] {
  const builtIn: string[] = [];
  const out: ToolDefinition[] = [];
  for (const [i, tool] of tools.entries()) {
    for (const [key, value] of Object.entries(tool)) {
      if (key !== 'functionDeclarations' && value != null) builtIn.push(`tools[${i}].${key}`);
    }
    for (const fn of tool.functionDeclarations ?? []) {
      let parameters: Record<string, unknown> = { type: 'object', properties: {} };
      if (fn.parametersJsonSchema != null) parameters = fn.parametersJsonSchema;
      else if (fn.parameters != null) parameters = geminiSchemaToJsonSchema(fn.parameters);
      out.push(fn.description != null ? { name: fn.name, description: fn.description, parameters } : { name: fn.name, parameters });
    }
  }
  if (builtIn.length > 0) {
    throw new InvalidRequest(`${builtIn.join(', ')}: Gemini built-in tools are not supported through the gateway; declare functions in functionDeclarations`);
  }
  return out;
}

function decodeToolChoice(config: NonNullable<WireRequest['toolConfig']>['functionCallingConfig']): ToolChoice | undefined {
  if (config?.mode == null) return undefined;
  const mode = config.mode.toUpperCase();
  const allowed = config.allowedFunctionNames ?? [];
  if (mode === 'MODE_UNSPECIFIED') return undefined;
  if (mode === 'AUTO' || mode === 'VALIDATED') return { type: 'auto' };
  if (mode === 'NONE') return { type: 'none' };
  if (mode === 'ANY') return allowed.length === 1 && allowed[0] !== undefined ? { type: 'tool', name: allowed[0] } : { type: 'required' };
  throw new InvalidRequest(`toolConfig.functionCallingConfig.mode: expected AUTO, ANY, NONE or VALIDATED, got '${config.mode}'`);
}

function decodeResponseFormat(config: WireGenerationConfig): ResponseFormat | undefined {
  const mime = config.responseMimeType?.toLowerCase();
  const schema = config.responseJsonSchema ?? (config.responseSchema != null ? geminiSchemaToJsonSchema(config.responseSchema) : undefined);
  if (mime != null && mime !== 'application/json' && mime !== 'text/plain') {
    throw new InvalidRequest(`generationConfig.responseMimeType: only application/json and text/plain are supported, got '${config.responseMimeType}'`);
  }
  if (schema !== undefined) return { type: 'json_schema', name: 'response', schema };
  if (mime === 'application/json') return { type: 'json_object' };
  return undefined;
}

function decodeThinking(config: NonNullable<WireGenerationConfig['thinkingConfig']>): ReasoningConfig | undefined {
  const { thinkingBudget: budget, includeThoughts, thinkingLevel } = config;
  if (budget === 0) return { enabled: false };
  if (budget != null && budget < -1) throw new InvalidRequest('generationConfig.thinkingConfig.thinkingBudget: must be -1 (dynamic), 0 (off) or a positive token count');
  let effort: ReasoningEffort | undefined;
  const level = thinkingLevel?.toLowerCase();
  if (level != null && level !== 'thinking_level_unspecified') {
    effort = EFFORTS.find((e) => e === level);
    if (effort === undefined) throw new InvalidRequest(`generationConfig.thinkingConfig.thinkingLevel: expected minimal, low, medium or high, got '${thinkingLevel}'`);
  }
  if (budget == null && effort === undefined && includeThoughts !== true) return undefined;
  const reasoning: ReasoningConfig = { enabled: true };
  if (effort !== undefined) reasoning.effort = effort;
  if (budget != null && budget > 0) reasoning.budgetTokens = budget;
  if (includeThoughts != null) reasoning.includeThoughts = includeThoughts;
  return reasoning;
}

function applyGenerationConfig(request: CanonicalRequest, config: WireGenerationConfig): void {
  if (config.candidateCount != null && config.candidateCount !== 1) {
    throw new InvalidRequest('generationConfig.candidateCount: only 1 candidate is supported');
  }
  if (config.temperature != null) request.temperature = config.temperature;
  if (config.topP != null) request.topP = config.topP;
  if (config.topK != null) request.topK = config.topK;
  if (config.maxOutputTokens != null) request.maxTokens = config.maxOutputTokens;
  if (config.stopSequences != null && config.stopSequences.length > 0) request.stop = config.stopSequences;
  if (config.seed != null) request.seed = config.seed;
  if (config.presencePenalty != null) request.presencePenalty = config.presencePenalty;
  if (config.frequencyPenalty != null) request.frequencyPenalty = config.frequencyPenalty;
  const format = decodeResponseFormat(config);
  if (format !== undefined) request.responseFormat = format;
  const reasoning = config.thinkingConfig != null ? decodeThinking(config.thinkingConfig) : undefined;
  if (reasoning !== undefined) request.reasoning = reasoning;
}

/** A generateContent / streamGenerateContent body (+ model and stream from the URL) -> CanonicalRequest. */
export function decodeRequest(body: unknown, ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  if (ctx.pathModel === undefined || ctx.pathModel === '') {
    return { ok: false, error: invalid('model: the URL must name a model, as in /v1beta/models/{model}:generateContent') };
  }
  const parsed = requestSchema.safeParse(camelizeKeys(body));
  if (!parsed.success) return { ok: false, error: invalid(firstIssue(parsed.error)) };
  const wire = parsed.data;
  if (wire.contents.length === 0) return { ok: false, error: invalid('contents: must hold at least one turn') };
  const contents = decodeContents(wire.contents, ctx.requestId);
  if (!contents.ok) return { ok: false, error: invalid(contents.message) };
  const request: CanonicalRequest = {
    model: ctx.pathModel,
    system: decodeSystem(wire.systemInstruction),
    messages: contents.messages,
    stream: ctx.pathStream ?? false,
  };
  try {
    if (wire.tools != null) {
      const tools = decodeTools(wire.tools);
      if (tools.length > 0) request.tools = tools;
    }
    const choice = decodeToolChoice(wire.toolConfig?.functionCallingConfig);
    if (choice !== undefined) request.toolChoice = choice;
    if (wire.generationConfig != null) applyGenerationConfig(request, wire.generationConfig);
  } catch (error) {
    if (error instanceof InvalidRequest) return { ok: false, error: invalid(error.message) };
    throw error;
  }
  return { ok: true, value: request };
}
