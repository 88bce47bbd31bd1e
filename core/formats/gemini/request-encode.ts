import { effortToBudget, type CanonicalRequest, type ReasoningConfig, type TextPart, type ToolChoice } from '../canonical.js';
import type { EncodeRequestContext } from '../codec.js';
import { encodeContents } from './contents-encode.js';
import type { JsonObject } from './json-object.js';
import { jsonSchemaForGemini } from './schema-convert.js';

function thinkingConfig(reasoning: ReasoningConfig): JsonObject {
  if (!reasoning.enabled) return { thinkingBudget: 0 };
  // -1 is Gemini's dynamic budget: the model decides, which is what "enabled" with no
  // stated budget or effort asks for.
  let budget = -1;
  if (reasoning.budgetTokens !== undefined) budget = reasoning.budgetTokens;
  else if (reasoning.effort !== undefined) budget = effortToBudget(reasoning.effort);
  return { thinkingBudget: budget, includeThoughts: reasoning.includeThoughts ?? true };
}

function functionCallingConfig(choice: ToolChoice): JsonObject {
  switch (choice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  }
}

function generationConfig(request: CanonicalRequest): JsonObject {
  const config: JsonObject = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = jsonSchemaForGemini(format.schema);
  }
  if (request.reasoning !== undefined) config.thinkingConfig = thinkingConfig(request.reasoning);
  return config;
}

/**
 * Gemini has no system role inside `contents`: instructions the conversation placed
 * between turns join systemInstruction, after the request's own system prompt.
 */
function systemInstruction(request: CanonicalRequest, warn: (message: string) => void): TextPart[] {
  const parts = request.system.filter((p) => p.text !== '');
  let seenTurn = false;
  for (const [i, message] of request.messages.entries()) {
    if (message.role !== 'system') {
      seenTurn = true;
      continue;
    }
    const texts = message.content.filter((p): p is TextPart => p.type === 'text' && p.text !== '');
    if (texts.length === 0) continue;
    if (seenTurn) warn(`messages[${i}]: system message moved to systemInstruction: Gemini has no system role between turns`);
    parts.push(...texts);
  }
  return parts;
}

function functionDeclarations(request: CanonicalRequest): JsonObject[] {
  return (request.tools ?? []).map((tool) => {
    const declaration: JsonObject = { name: tool.name };
    if (tool.description !== undefined) declaration.description = tool.description;
    if (Object.keys(tool.parameters).length > 0) declaration.parametersJsonSchema = jsonSchemaForGemini(tool.parameters);
    return declaration;
  });
}

/**
 * The provider-side web search as Gemini's googleSearch tool. Gemini answers 400 "Tool use
 * with function calling is unsupported" when googleSearch and function declarations come
 * together (combining them needs server-side tool invocations whose parts the history must
 * carry back, which the gateway does not), so with functions the search is dropped.
 */
function searchTool(request: CanonicalRequest, hasFunctions: boolean, warn: (message: string) => void): JsonObject | undefined {
  const search = request.webSearch;
  if (search === undefined) return undefined;
  if (hasFunctions) {
    warn('webSearch: dropped: Gemini does not take googleSearch together with function declarations');
    return undefined;
  }
  const unsupported = [
    search.maxUses !== undefined ? 'maxUses' : undefined,
    (search.allowedDomains ?? []).length > 0 ? 'allowedDomains' : undefined,
    (search.blockedDomains ?? []).length > 0 ? 'blockedDomains' : undefined,
  ].filter((name) => name !== undefined);
  if (unsupported.length > 0) warn(`webSearch.${unsupported.join(', webSearch.')}: not carried: Gemini's googleSearch has no such setting`);
  return { googleSearch: {} };
}

/** CanonicalRequest -> generateContent body; the model and stream flag go in the URL. */
export function encodeRequest(request: CanonicalRequest, ctx: EncodeRequestContext): Record<string, unknown> {
  const warn = (message: string): void => ctx.warn?.(message);
  const dropped = { reasoning: 0 };
  const turns = request.messages.filter((m) => m.role !== 'system');
  const body: Record<string, unknown> = { contents: encodeContents(turns, dropped) };
  if (dropped.reasoning > 0) {
    warn(`messages: ${dropped.reasoning} reasoning block(s) from other providers not sent: Gemini reads only its own thinking`);
  }
  const system = systemInstruction(request, warn);
  if (system.length > 0) body.systemInstruction = { parts: system.map((p) => ({ text: p.text })) };
  const declarations = functionDeclarations(request);
  const tools: JsonObject[] = [];
  if (declarations.length > 0) tools.push({ functionDeclarations: declarations });
  const search = searchTool(request, declarations.length > 0, warn);
  if (search !== undefined) tools.push(search);
  if (tools.length > 0) body.tools = tools;
  // Gemini refuses a functionCallingConfig without function declarations.
  if (declarations.length > 0 && request.toolChoice !== undefined) {
    body.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
  }
  if (request.parallelToolCalls === false && declarations.length > 0) {
    warn('parallelToolCalls: not carried: Gemini has no setting to forbid parallel function calls');
  }
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}
