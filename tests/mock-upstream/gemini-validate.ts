// Gemini generateContent request validation (unknown names, contents and roles, function
// call/response turn pairing, thought signatures, tool combinations) and reduction to the
// neutral Conversation.
import { geminiError, geminiInvalid, reject } from './errors.js';
import { camel, field, fieldViolations } from './gemini-fields.js';
import { base64Bytes, isRecord, type Json } from './narrow.js';
import type { Conversation, LastTurn, OfferedTool, Signer } from './types.js';

const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult', 'toolCall', 'toolResponse'];
const RESPONSE_AFTER_CALL = 'Please ensure that function response turn comes immediately after a function call turn.';
/**
 * Values Google documents for history Gemini did not produce (another model's turns): the
 * API skips signature validation for a part that carries one.
 * https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
 */
const DUMMY_SIGNATURES = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);

/**
 * Gemini 3 models enforce thought signatures on function calls; the 1.x and 2.x families do
 * not. Every other model the mock serves (the harness's mock-gemini-1 included) is treated
 * as current, so the strict rule is what the gateway is tested against.
 */
export function enforcesThoughtSignatures(model: string): boolean {
  return !/(^|\/)gemini-[12](\.|-)/.test(model);
}

export interface GeminiRequest {
  conversation: Conversation;
}

function fail(message: string): never {
  return reject(geminiInvalid(message));
}

/** Re-keys an object by lowerCamel names so later checks read one spelling. */
function norm(value: unknown): Json {
  if (!isRecord(value)) return {};
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[camel(k)] = v;
  return out;
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord).map(norm) : [];
}

interface Turn {
  role: string;
  parts: Json[];
}

function responseText(part: Json): string {
  return JSON.stringify(norm(part.functionResponse).response ?? {});
}

function checkFunctionTurns(turns: Turn[]): void {
  turns.forEach((turn, i) => {
    const prev = turns[i - 1];
    const calls = turn.parts.filter((p) => p.functionCall !== undefined);
    if (turn.role === 'model' && calls.length > 0) {
      const prevIsUser = prev !== undefined && prev.role === 'user';
      if (!prevIsUser) fail('Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
    }
    const responses = turn.parts.filter((p) => p.functionResponse !== undefined);
    if (responses.length === 0) return;
    const prevCalls = prev?.role === 'model' ? prev.parts.filter((p) => p.functionCall !== undefined) : [];
    if (prevCalls.length === 0) fail(RESPONSE_AFTER_CALL);
    if (prevCalls.length !== responses.length) {
      fail('Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.');
    }
    const names = prevCalls.map((p) => String(norm(p.functionCall).name)).sort();
    const answered = responses.map((p) => String(norm(p.functionResponse).name)).sort();
    if (names.join('\u0000') !== answered.join('\u0000')) fail(RESPONSE_AFTER_CALL);
  });
}

/**
 * Gemini 3 validates the current turn (everything after the last user content with standard
 * content such as text, i.e. not only function responses): the first functionCall part of
 * each model step in it must carry its thoughtSignature. Earlier turns are not validated.
 */
function checkThoughtSignatures(turns: Turn[]): void {
  const standard = (p: Json): boolean => p.text !== undefined || p.inlineData !== undefined || p.fileData !== undefined;
  const start = turns.findLastIndex((t) => t.role === 'user' && t.parts.some(standard));
  turns.forEach((turn, i) => {
    if (i <= start || turn.role !== 'model') return;
    const first = turn.parts.find((p) => p.functionCall !== undefined);
    if (first === undefined || typeof first.thoughtSignature === 'string') return;
    const name = String(norm(first.functionCall).name);
    fail(
      `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
    );
  });
}

const BUILT_IN_TOOLS = ['googleSearch', 'googleSearchRetrieval', 'codeExecution', 'urlContext', 'computerUse', 'fileSearch', 'googleMaps'];

/**
 * generateContent takes built-in tools together with function declarations only on Gemini 3,
 * and only with toolConfig.includeServerSideToolInvocations; older models refuse outright.
 */
function checkToolCombination(body: Json, model: string): void {
  const tools = records(field(body, 'tools'));
  const functions = tools.some((t) => records(t.functionDeclarations).length > 0);
  const builtIn = tools.some((t) => BUILT_IN_TOOLS.some((name) => t[name] !== undefined));
  if (!functions || !builtIn) return;
  if (!enforcesThoughtSignatures(model)) fail('Tool use with function calling is unsupported');
  if (norm(field(body, 'toolConfig')).includeServerSideToolInvocations !== true) {
    fail('Please enable tool_config.include_server_side_tool_invocations to use Built-in tools with Function calling.');
  }
}

/** The function declarations offered, and the first one the model may call (none in mode NONE). */
function readTools(body: Json): { first?: string; offered: OfferedTool[] } {
  let first: string | undefined;
  let declarations = 0;
  const offered: OfferedTool[] = [];
  records(field(body, 'tools')).forEach((tool, i) => {
    records(tool.functionDeclarations).forEach((fd, j) => {
      declarations += 1;
      const name = typeof fd.name === 'string' ? fd.name : '';
      if (!/^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/.test(name)) {
        fail(
          `* GenerateContentRequest.tools[${i}].function_declarations[${j}].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`,
        );
      }
      const schema = fd.parametersJsonSchema ?? fd.parameters;
      offered.push({ name, parameters: isRecord(schema) ? schema : {} });
      first ??= name;
    });
  });
  const calling = norm(norm(field(body, 'toolConfig')).functionCallingConfig);
  if (calling.mode !== undefined && declarations === 0) fail('Function calling config is set without function_declarations.');
  return String(calling.mode ?? '').toUpperCase() === 'NONE' ? { offered } : { first, offered };
}

function imageOf(part: Json): NonNullable<LastTurn['image']> | undefined {
  if (part.inlineData !== undefined) {
    const d = norm(part.inlineData);
    const mimeType = String(d.mimeType ?? '');
    return mimeType.startsWith('image/') ? { mediaType: mimeType, bytes: base64Bytes(String(d.data ?? '')) } : undefined;
  }
  if (part.fileData !== undefined) {
    const f = norm(part.fileData);
    const mimeType = typeof f.mimeType === 'string' ? f.mimeType : 'image/';
    return mimeType.startsWith('image/') ? { url: String(f.fileUri ?? '') } : undefined;
  }
  return undefined;
}

export function readGeminiRequest(raw: unknown, signer: Signer, model: string): GeminiRequest {
  if (!isRecord(raw)) return fail('Invalid JSON payload received. Expected an object.');
  const violations = fieldViolations(raw);
  if (violations.length > 0) {
    reject(
      geminiError(400, violations.map((v) => v.description).join('\n'), [
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations },
      ]),
    );
  }
  const body = norm(raw);
  const contents = Array.isArray(body.contents) ? body.contents : [];
  if (contents.length === 0) fail('* GenerateContentRequest.contents: contents is not specified\n');
  const turns: Turn[] = contents.map((c, i) => {
    const content = norm(c);
    const role = content.role === undefined || content.role === '' ? 'user' : content.role;
    if (role !== 'user' && role !== 'model') fail('Please use a valid role: user, model.');
    const parts = records(content.parts);
    if (parts.length === 0) fail(`* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.\n`);
    parts.forEach((p, j) => {
      if (!DATA_FIELDS.some((f) => p[f] !== undefined)) {
        fail(`* GenerateContentRequest.contents[${i}].parts[${j}].data: required oneof field 'data' must have one initialized field\n`);
      }
      const signature = p.thoughtSignature;
      if (typeof signature === 'string' && !DUMMY_SIGNATURES.has(signature) && !signer.verifyGeminiSignature(signature)) fail('Corrupted thought signature.');
    });
    return { role: String(role), parts };
  });
  checkFunctionTurns(turns);
  if (enforcesThoughtSignatures(model)) checkThoughtSignatures(turns);
  checkToolCombination(body, model);
  const { first: firstTool, offered: offeredTools } = readTools(body);

  const texts: string[] = [];
  let images = 0;
  const system = norm(body.systemInstruction);
  for (const p of records(system.parts)) if (typeof p.text === 'string') texts.push(p.text);
  for (const turn of turns) {
    for (const p of turn.parts) {
      if (typeof p.text === 'string' && p.thought !== true) texts.push(p.text);
      if (p.functionResponse !== undefined) texts.push(responseText(p));
      if (imageOf(p)) images += 1;
    }
  }
  const userParts = turns.filter((t) => t.role === 'user').flatMap((t) => t.parts);
  const lastUser = [...turns].reverse().find((t) => t.role === 'user');
  const parts = lastUser?.parts ?? [];
  const lastTurn: LastTurn = {
    toolResults: parts.filter((p) => p.functionResponse !== undefined).map(responseText),
    image: parts.map(imageOf).find((img) => img !== undefined),
    text: parts
      .filter((p) => typeof p.text === 'string' && p.thought !== true)
      .map((p) => String(p.text))
      .join('\n'),
  };
  const thinking = norm(norm(body.generationConfig).thinkingConfig);
  const budget = thinking.thinkingBudget === undefined ? undefined : Number(thinking.thinkingBudget);
  return {
    conversation: {
      texts,
      images,
      lastTurn,
      firstTool,
      reasoning: thinking.includeThoughts === true && budget !== 0,
      offeredTools,
      userTexts: userParts.filter((p) => typeof p.text === 'string').map((p) => String(p.text)),
      toolResults: userParts.filter((p) => p.functionResponse !== undefined).map(responseText),
    },
  };
}
