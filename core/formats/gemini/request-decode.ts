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
import type { Decoded, DecodeRequestContext, Warn } from '../codec.js';
import { decodeContents } from './contents-decode.js';
import { geminiSchemaToJsonSchema } from './schema-convert.js';
import { camelizeKeys } from './wire-keys.js';
import { firstIssue, partSchema } from './wire-schema.js';

const jsonObject = z.record(z.string(), z.unknown());

/** Proto JSON takes a number as a JSON number or as a numeric string. */
const num = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v), z.number());

const functionDeclarationSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
  parameters: jsonObject.nullish(),
  parametersJsonSchema: jsonObject.nullish(),
});

const generationConfigSchema = z.looseObject({
  temperature: num.nullish(),
  topP: num.nullish(),
  topK: num.nullish(),
  maxOutputTokens: num.nullish(),
  stopSequences: z.array(z.string()).nullish(),
  candidateCount: num.nullish(),
  responseMimeType: z.string().nullish(),
  responseSchema: jsonObject.nullish(),
  responseJsonSchema: jsonObject.nullish(),
  seed: num.nullish(),
  presencePenalty: num.nullish(),
  frequencyPenalty: num.nullish(),
  thinkingConfig: z
    .looseObject({
      thinkingBudget: num.nullish(),
      includeThoughts: z.boolean().nullish(),
      thinkingLevel: z.string().nullish(),
    })
    .nullish(),
});

const googleSearchSchema = z.looseObject({ excludeDomains: z.array(z.string()).nullish() });

// Fields Gemini CLI and the SDKs send that change nothing here (safetySettings,
// cachedContent, labels, session_id, toolConfig.retrievalConfig, ...) pass the loose objects.
const requestSchema = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().nullish(), parts: z.array(partSchema) })),
  systemInstruction: z.union([z.string(), z.looseObject({ parts: z.array(z.looseObject({ text: z.string().nullish() })).nullish() })]).nullish(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(functionDeclarationSchema).nullish() })).nullish(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z.looseObject({ mode: z.string().nullish(), allowedFunctionNames: z.array(z.string()).nullish() }).nullish(),
    })
    .nullish(),
  generationConfig: generationConfigSchema.nullish(),
});

type WireRequest = z.infer<typeof requestSchema>;
type WireGenerationConfig = z.infer<typeof generationConfigSchema>;

const EFFORTS: readonly ReasoningEffort[] = ['minimal', 'low', 'medium', 'high'];

function invalid(message: string): CanonicalError {
  return { status: 400, kind: 'invalid_request', message };
}

function decodeSystem(system: WireRequest['systemInstruction'], warn: Warn): TextPart[] {
  if (system == null) return [];
  if (typeof system === 'string') return system === '' ? [] : [{ type: 'text', text: system }];
  const parts: TextPart[] = [];
  for (const [i, part] of (system.parts ?? []).entries()) {
    if (part.text != null) {
      if (part.text !== '') parts.push({ type: 'text', text: part.text });
    } else if (Object.keys(part).length > 0) warn(`systemInstruction.parts[${i}]: only text is carried by translation; part dropped`);
  }
  return parts;
}

interface DecodedTools {
  functions: ToolDefinition[];
  webSearch?: NonNullable<CanonicalRequest['webSearch']>;
}

/**
 * functionDeclarations -> tools; googleSearch (and the older googleSearchRetrieval) -> the
 * canonical web search; any other built-in tool (codeExecution, urlContext, ...) runs inside
 * Gemini only and is dropped with a warning.
 */
function decodeTools(tools: NonNullable<WireRequest['tools']>, warn: Warn): DecodedTools {
  const out: DecodedTools = { functions: [] };
  for (const [i, tool] of tools.entries()) {
    for (const [key, value] of Object.entries(tool)) {
      if (key === 'functionDeclarations' || value == null) continue;
      if (key === 'googleSearch' || key === 'googleSearchRetrieval') {
        out.webSearch ??= {};
        const search = googleSearchSchema.safeParse(value);
        const excluded = search.success ? (search.data.excludeDomains ?? []) : [];
        if (excluded.length > 0) out.webSearch.blockedDomains = [...(out.webSearch.blockedDomains ?? []), ...excluded];
        continue;
      }
      warn(`tools[${i}].${key}: built-in tool dropped: it is not carried by translation`);
    }
    for (const fn of tool.functionDeclarations ?? []) {
      let parameters: Record<string, unknown> = { type: 'object', properties: {} };
      if (fn.parametersJsonSchema != null) parameters = fn.parametersJsonSchema;
      else if (fn.parameters != null) parameters = geminiSchemaToJsonSchema(fn.parameters);
      out.functions.push(fn.description != null ? { name: fn.name, description: fn.description, parameters } : { name: fn.name, parameters });
    }
  }
  return out;
}

function decodeToolChoice(config: NonNullable<WireRequest['toolConfig']>['functionCallingConfig'], warn: Warn): ToolChoice | undefined {
  if (config?.mode == null) return undefined;
  const mode = config.mode.toUpperCase();
  const allowed = config.allowedFunctionNames ?? [];
  if (mode === 'MODE_UNSPECIFIED') return undefined;
  if (mode === 'AUTO' || mode === 'VALIDATED') return { type: 'auto' };
  if (mode === 'NONE') return { type: 'none' };
  if (mode === 'ANY') return allowed.length === 1 && allowed[0] !== undefined ? { type: 'tool', name: allowed[0] } : { type: 'required' };
  warn(`toolConfig.functionCallingConfig.mode: '${config.mode}' is not carried by translation; the default (AUTO) applies`);
  return undefined;
}

function decodeResponseFormat(config: WireGenerationConfig, warn: Warn): ResponseFormat | undefined {
  const mime = config.responseMimeType?.toLowerCase();
  if (mime != null && mime !== 'application/json' && mime !== 'text/plain') {
    warn(`generationConfig.responseMimeType: '${config.responseMimeType}' is not carried by translation; the answer is plain text`);
    return undefined;
  }
  const schema = config.responseJsonSchema ?? (config.responseSchema != null ? geminiSchemaToJsonSchema(config.responseSchema) : undefined);
  if (schema !== undefined) return { type: 'json_schema', name: 'response', schema };
  if (mime === 'application/json') return { type: 'json_object' };
  return undefined;
}

function decodeThinking(config: NonNullable<WireGenerationConfig['thinkingConfig']>, warn: Warn): ReasoningConfig | undefined {
  const { includeThoughts, thinkingLevel } = config;
  let budget = config.thinkingBudget;
  if (budget === 0) return { enabled: false };
  if (budget != null && budget < -1) {
    warn(`generationConfig.thinkingConfig.thinkingBudget: ${budget} is not a budget (-1 dynamic, 0 off, or a token count); ignored`);
    budget = undefined;
  }
  let effort: ReasoningEffort | undefined;
  const level = thinkingLevel?.toLowerCase();
  if (level != null && level !== 'thinking_level_unspecified') {
    effort = EFFORTS.find((e) => e === level);
    if (effort === undefined) warn(`generationConfig.thinkingConfig.thinkingLevel: '${thinkingLevel}' is not carried by translation; ignored`);
  }
  if (budget == null && effort === undefined && includeThoughts !== true) return undefined;
  const reasoning: ReasoningConfig = { enabled: true };
  if (effort !== undefined) reasoning.effort = effort;
  if (budget != null && budget > 0) reasoning.budgetTokens = budget;
  if (includeThoughts != null) reasoning.includeThoughts = includeThoughts;
  return reasoning;
}

function applyGenerationConfig(request: CanonicalRequest, config: WireGenerationConfig, warn: Warn): void {
  if (config.candidateCount != null && config.candidateCount > 1) {
    warn(`generationConfig.candidateCount: ${config.candidateCount} candidates asked, one is returned: translation carries a single candidate`);
  }
  if (config.temperature != null) request.temperature = config.temperature;
  if (config.topP != null) request.topP = config.topP;
  if (config.topK != null) request.topK = config.topK;
  if (config.maxOutputTokens != null) request.maxTokens = config.maxOutputTokens;
  if (config.stopSequences != null && config.stopSequences.length > 0) request.stop = config.stopSequences;
  if (config.seed != null) request.seed = config.seed;
  if (config.presencePenalty != null) request.presencePenalty = config.presencePenalty;
  if (config.frequencyPenalty != null) request.frequencyPenalty = config.frequencyPenalty;
  const format = decodeResponseFormat(config, warn);
  if (format !== undefined) request.responseFormat = format;
  const reasoning = config.thinkingConfig != null ? decodeThinking(config.thinkingConfig, warn) : undefined;
  if (reasoning !== undefined) request.reasoning = reasoning;
}

/**
 * A generateContent / streamGenerateContent body (+ model and stream from the URL) ->
 * CanonicalRequest. Liberal, as the API is: what the canonical model cannot carry is
 * dropped with a warning in `request.warnings`, never refused.
 */
export function decodeRequest(body: unknown, ctx: DecodeRequestContext): Decoded<CanonicalRequest> {
  if (ctx.pathModel === undefined || ctx.pathModel === '') {
    return { ok: false, error: invalid('model: the URL must name a model, as in /v1beta/models/{model}:generateContent') };
  }
  const parsed = requestSchema.safeParse(camelizeKeys(body));
  if (!parsed.success) return { ok: false, error: invalid(firstIssue(parsed.error)) };
  const wire = parsed.data;
  if (wire.contents.length === 0) return { ok: false, error: invalid('contents: must hold at least one turn') };
  const warnings: string[] = [];
  const warn: Warn = (message) => warnings.push(message);
  const contents = decodeContents(wire.contents, ctx.requestId, warn);
  if (!contents.ok) return { ok: false, error: invalid(contents.message) };
  const request: CanonicalRequest = {
    model: ctx.pathModel,
    system: decodeSystem(wire.systemInstruction, warn),
    messages: contents.messages,
    stream: ctx.pathStream ?? false,
  };
  if (wire.tools != null) {
    const tools = decodeTools(wire.tools, warn);
    if (tools.functions.length > 0) request.tools = tools.functions;
    if (tools.webSearch !== undefined) request.webSearch = tools.webSearch;
  }
  const choice = decodeToolChoice(wire.toolConfig?.functionCallingConfig, warn);
  if (choice !== undefined) request.toolChoice = choice;
  if (wire.generationConfig != null) applyGenerationConfig(request, wire.generationConfig, warn);
  if (warnings.length > 0) request.warnings = warnings;
  return { ok: true, value: request };
}
