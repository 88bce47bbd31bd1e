import { effortToBudget, type CanonicalRequest, type ReasoningConfig, type ToolChoice } from '../canonical.js';
import type { CodecContext } from '../codec.js';
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

/** CanonicalRequest -> generateContent body; the model and stream flag go in the URL. */
export function encodeRequest(request: CanonicalRequest, _ctx: CodecContext & { model: string }): Record<string, unknown> {
  const body: Record<string, unknown> = { contents: encodeContents(request.messages) };
  const system = request.system.filter((p) => p.text !== '');
  if (system.length > 0) body.systemInstruction = { parts: system.map((p) => ({ text: p.text })) };
  if (request.tools !== undefined && request.tools.length > 0) {
    const functionDeclarations = request.tools.map((tool) => {
      const declaration: JsonObject = { name: tool.name };
      if (tool.description !== undefined) declaration.description = tool.description;
      if (Object.keys(tool.parameters).length > 0) declaration.parametersJsonSchema = jsonSchemaForGemini(tool.parameters);
      return declaration;
    });
    body.tools = [{ functionDeclarations }];
    if (request.toolChoice !== undefined) body.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
  }
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}
