// OpenAI Chat Completions request validation, with the API's own messages, and reduction of
// the request to the neutral Conversation.
import { isPresent, isRecord, parseDataUrl, type Json } from './narrow.js';
import { fail, invalidValue, missing, wrongType } from './openai-rejections.js';
import type { Conversation, LastTurn, OfferedTool } from './types.js';

type Kind = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array' | 'stop' | 'string-or-object';

const PARAMS: Record<string, Kind> = {
  model: 'string',
  messages: 'array',
  stream: 'boolean',
  stream_options: 'object',
  max_tokens: 'integer',
  max_completion_tokens: 'integer',
  temperature: 'number',
  top_p: 'number',
  n: 'integer',
  stop: 'stop',
  presence_penalty: 'number',
  frequency_penalty: 'number',
  seed: 'integer',
  tools: 'array',
  tool_choice: 'string-or-object',
  parallel_tool_calls: 'boolean',
  response_format: 'object',
  reasoning_effort: 'string',
  user: 'string',
  logprobs: 'boolean',
  top_logprobs: 'integer',
  logit_bias: 'object',
  metadata: 'object',
  store: 'boolean',
  service_tier: 'string',
  modalities: 'array',
  prediction: 'object',
  audio: 'object',
  web_search_options: 'object',
  verbosity: 'string',
  prompt_cache_key: 'string',
  prompt_cache_retention: 'string',
  safety_identifier: 'string',
  functions: 'array',
  function_call: 'string-or-object',
};

const RANGES: Record<string, [number, number]> = {
  temperature: [0, 2],
  top_p: [0, 1],
  presence_penalty: [-2, 2],
  frequency_penalty: [-2, 2],
  max_tokens: [1, Number.MAX_SAFE_INTEGER],
  max_completion_tokens: [1, Number.MAX_SAFE_INTEGER],
};

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];
const MESSAGE_FIELDS: Record<string, string[]> = {
  system: ['role', 'content', 'name'],
  developer: ['role', 'content', 'name'],
  user: ['role', 'content', 'name'],
  // reasoning_content is how DeepSeek-style reasoning travels back in multi-turn requests.
  // annotations: clients append the response message as-is, which the API accepts.
  assistant: ['role', 'content', 'name', 'tool_calls', 'refusal', 'audio', 'function_call', 'annotations', 'reasoning_content'],
  tool: ['role', 'content', 'tool_call_id'],
  function: ['role', 'content', 'name'],
};
const PART_TYPES = ['text', 'image_url', 'input_audio', 'refusal', 'audio', 'file'];

function checkKind(param: string, kind: Kind, value: unknown): void {
  const ok =
    (kind === 'string' && typeof value === 'string') ||
    (kind === 'boolean' && typeof value === 'boolean') ||
    (kind === 'integer' && typeof value === 'number' && Number.isInteger(value)) ||
    (kind === 'number' && typeof value === 'number') ||
    (kind === 'object' && isRecord(value)) ||
    (kind === 'array' && Array.isArray(value)) ||
    (kind === 'stop' && (typeof value === 'string' || Array.isArray(value))) ||
    (kind === 'string-or-object' && (typeof value === 'string' || isRecord(value)));
  if (ok) return;
  const expected: Record<Kind, string> = {
    string: 'a string',
    boolean: 'a boolean',
    integer: 'an integer',
    number: 'a decimal',
    object: 'an object',
    array: 'an array',
    stop: 'one of a string or array of strings',
    'string-or-object': 'one of a string or object',
  };
  wrongType(param, expected[kind], value);
}

function checkRange(param: string, value: number): void {
  const range = RANGES[param];
  if (!range) return;
  const kind = Number.isInteger(value) && param.startsWith('max_') ? 'integer' : 'decimal';
  if (value < range[0]) {
    fail(`Invalid '${param}': ${kind} below minimum value. Expected a value >= ${range[0]}, but got ${value} instead.`, {
      param,
      code: `${kind}_below_min_value`,
    });
  }
  if (value > range[1]) {
    fail(`Invalid '${param}': ${kind} above maximum value. Expected a value <= ${range[1]}, but got ${value} instead.`, {
      param,
      code: `${kind}_above_max_value`,
    });
  }
}

/** The tool the model calls first (function or custom), in declaration order. */
interface FirstTool {
  name: string;
  custom: boolean;
}

function checkCustomTool(tool: Json, i: number): string {
  const custom = tool.custom;
  if (!isRecord(custom)) return missing(`tools[${i}].custom`);
  if (typeof custom.name !== 'string') return missing(`tools[${i}].custom.name`);
  if (isPresent(custom.format)) {
    const format = custom.format;
    if (!isRecord(format)) return wrongType(`tools[${i}].custom.format`, 'an object', format);
    if (format.type !== 'text' && format.type !== 'grammar') return invalidValue(`tools[${i}].custom.format.type`, format.type, ['text', 'grammar']);
    if (format.type === 'grammar' && !isRecord(format.grammar)) return missing(`tools[${i}].custom.format.grammar`);
  }
  return custom.name;
}

/** The tools offered (a custom tool takes free text, so it has no parameters schema), and the first one the model may call. */
function checkTools(body: Json): { first?: FirstTool; offered: OfferedTool[] } {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  let first: FirstTool | undefined;
  const offered: OfferedTool[] = [];
  tools.forEach((tool, i) => {
    if (!isRecord(tool)) return wrongType(`tools[${i}]`, 'an object', tool);
    if (tool.type !== 'function' && tool.type !== 'custom') invalidValue(`tools[${i}].type`, tool.type, ['function', 'custom']);
    if (tool.type === 'custom') {
      const name = checkCustomTool(tool, i);
      offered.push({ name, parameters: {} });
      first ??= { name, custom: true };
      return;
    }
    const fn = tool.function;
    if (!isRecord(fn)) return missing(`tools[${i}].function`);
    if (typeof fn.name !== 'string') return missing(`tools[${i}].function.name`);
    if (fn.name.length > 64) {
      fail(
        `Invalid 'tools[${i}].function.name': string too long. Expected a string with maximum length 64, but got a string with length ${fn.name.length} instead.`,
        { param: `tools[${i}].function.name`, code: 'string_above_max_length' },
      );
    }
    if (!/^[a-zA-Z0-9_-]+$/.test(fn.name)) {
      fail(
        `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        { param: `tools[${i}].function.name`, code: 'invalid_value' },
      );
    }
    if (isPresent(fn.parameters) && !isRecord(fn.parameters)) wrongType(`tools[${i}].function.parameters`, 'an object', fn.parameters);
    offered.push({ name: fn.name, parameters: isRecord(fn.parameters) ? fn.parameters : {} });
    first ??= { name: fn.name, custom: false };
  });
  if (isPresent(body.tool_choice) && tools.length === 0) {
    fail("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", { param: 'tool_choice' });
  }
  const choice = body.tool_choice;
  if (typeof choice === 'string' && !['none', 'auto', 'required'].includes(choice)) {
    invalidValue('tool_choice', choice, ['none', 'auto', 'required']);
  }
  return choice === 'none' ? { offered } : { first, offered };
}

function partsText(content: unknown, path: string, allowed: string[]): { texts: string[]; images: LastTurn['image'][] } {
  if (typeof content === 'string') return { texts: [content], images: [] };
  if (!Array.isArray(content)) return wrongType(path, 'one of a string or array of objects', content);
  const texts: string[] = [];
  const images: LastTurn['image'][] = [];
  content.forEach((part, j) => {
    const p = `${path}[${j}]`;
    if (!isRecord(part)) return wrongType(p, 'an object', part);
    if (typeof part.type !== 'string' || !PART_TYPES.includes(part.type)) return invalidValue(`${p}.type`, part.type, PART_TYPES);
    if (!allowed.includes(part.type)) return invalidValue(`${p}.type`, part.type, allowed);
    if (part.type === 'text') {
      if (typeof part.text !== 'string') return missing(`${p}.text`);
      texts.push(part.text);
    } else if (part.type === 'refusal') {
      if (typeof part.refusal !== 'string') return missing(`${p}.refusal`);
    } else if (part.type === 'image_url') {
      const url = isRecord(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string') return missing(`${p}.image_url`);
      images.push(url.startsWith('data:') ? (parseDataUrl(url) ?? { url }) : { url });
    }
  });
  return { texts, images };
}

function checkToolPairing(messages: Json[]): void {
  messages.forEach((m, i) => {
    if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length > 0) {
      const answered = new Set<unknown>();
      for (let j = i + 1; j < messages.length && messages[j]?.role === 'tool'; j += 1) answered.add(messages[j]?.tool_call_id);
      const open = m.tool_calls.map((c) => (isRecord(c) ? c.id : undefined)).filter((id) => !answered.has(id));
      if (open.length > 0) {
        fail(
          `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${open.join(', ')}`,
          { param: `messages.[${i}].role` },
        );
      }
    }
    if (m.role === 'tool') {
      let k = i - 1;
      while (k >= 0 && messages[k]?.role === 'tool') k -= 1;
      const owner = messages[k];
      const calls = owner?.role === 'assistant' && Array.isArray(owner.tool_calls) ? owner.tool_calls : [];
      if (calls.length === 0) {
        fail("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", {
          param: `messages.[${i}].role`,
        });
      }
      if (!calls.some((c) => isRecord(c) && c.id === m.tool_call_id)) {
        fail(`Invalid parameter: 'tool_call_id' of '${String(m.tool_call_id)}' not found in 'tool_calls' of previous message.`, {
          param: `messages.[${i}].tool_call_id`,
        });
      }
    }
  });
}

function checkToolCalls(m: Json, i: number): void {
  if (!isPresent(m.tool_calls)) return;
  if (!Array.isArray(m.tool_calls)) return wrongType(`messages[${i}].tool_calls`, 'an array', m.tool_calls);
  m.tool_calls.forEach((c, j) => {
    const p = `messages[${i}].tool_calls[${j}]`;
    if (!isRecord(c)) return wrongType(p, 'an object', c);
    if (typeof c.id !== 'string') return missing(`${p}.id`);
    if (c.type !== 'function' && c.type !== 'custom') return invalidValue(`${p}.type`, c.type, ['function', 'custom']);
    if (c.type === 'custom') {
      if (!isRecord(c.custom)) return missing(`${p}.custom`);
      if (typeof c.custom.name !== 'string') return missing(`${p}.custom.name`);
      if (typeof c.custom.input !== 'string') wrongType(`${p}.custom.input`, 'a string', c.custom.input);
      return;
    }
    if (!isRecord(c.function)) return missing(`${p}.function`);
    if (typeof c.function.name !== 'string') return missing(`${p}.function.name`);
    if (typeof c.function.arguments !== 'string') wrongType(`${p}.function.arguments`, 'a string', c.function.arguments);
  });
}

/** Validates the whole request and returns the neutral conversation, or throws a RejectError. */
export function readChatRequest(body: unknown): {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  /** The tool the model calls first is a custom (free-text) tool. */
  firstToolCustom: boolean;
  conversation: Conversation;
} {
  if (!isRecord(body)) return fail('Invalid request body: expected a JSON object.');
  for (const key of Object.keys(body)) {
    if (!(key in PARAMS)) fail(`Unrecognized request argument supplied: ${key}`);
  }
  if (typeof body.model !== 'string' || body.model === '') return fail('you must provide a model parameter');
  if (!isPresent(body.messages)) return missing('messages');
  for (const [key, kind] of Object.entries(PARAMS)) {
    const value = body[key];
    if (!isPresent(value)) continue;
    checkKind(key, kind, value);
    if (typeof value === 'number') checkRange(key, value);
  }
  if (isPresent(body.n) && body.n !== 1) {
    fail(`Unsupported value: 'n' does not support ${String(body.n)} with this model. Supported values are: 1.`, {
      param: 'n',
      code: 'unsupported_value',
    });
  }
  if (isPresent(body.stream_options) && body.stream !== true) {
    fail("The 'stream_options' parameter is only allowed when 'stream' is enabled.", { param: 'stream_options' });
  }
  if (isPresent(body.reasoning_effort) && !EFFORTS.includes(String(body.reasoning_effort))) {
    invalidValue('reasoning_effort', body.reasoning_effort, EFFORTS);
  }
  const { first: firstTool, offered: offeredTools } = checkTools(body);
  const raw = body.messages as unknown[];
  if (raw.length === 0) {
    fail("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", {
      param: 'messages',
      code: 'empty_array',
    });
  }
  const messages: Json[] = raw.map((m, i) => (isRecord(m) ? m : wrongType(`messages[${i}]`, 'an object', m)));
  const texts: string[] = [];
  let images = 0;
  const allUserTexts: string[] = [];
  const toolResults: string[] = [];
  messages.forEach((m, i) => {
    if (typeof m.role !== 'string' || !ROLES.includes(m.role)) invalidValue(`messages[${i}].role`, m.role, ROLES);
    const role = m.role as string;
    const extra = Object.keys(m).find((k) => !(MESSAGE_FIELDS[role] ?? []).includes(k));
    if (extra !== undefined) fail(`Additional properties are not allowed ('${extra}' was unexpected) - 'messages.${i}'`);
    if (role === 'tool' && typeof m.tool_call_id !== 'string') {
      fail("Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.", {
        param: `messages.[${i}].tool_call_id`,
      });
    }
    checkToolCalls(m, i);
    const hasCalls = Array.isArray(m.tool_calls) && m.tool_calls.length > 0;
    if (!isPresent(m.content)) {
      if (role === 'assistant' && (hasCalls || isPresent(m.function_call))) return;
      if (role === 'assistant') fail("Invalid value for 'content': expected a string, got null.", { param: `messages.[${i}].content` });
      return missing(`messages[${i}].content`);
    }
    const allowed = role === 'user' ? ['text', 'image_url', 'input_audio', 'file'] : role === 'assistant' ? ['text', 'refusal'] : ['text'];
    const parts = partsText(m.content, `messages[${i}].content`, allowed);
    texts.push(...parts.texts);
    images += parts.images.length;
    if (role === 'user') allUserTexts.push(parts.texts.join('\n'));
    if (role === 'tool') toolResults.push(parts.texts.join('\n'));
  });
  checkToolPairing(messages);
  // The last user turn: the user/tool messages since the assistant spoke (a trailing
  // assistant prefill does not start a new turn).
  const end = messages.findLastIndex((m) => m.role === 'user' || m.role === 'tool');
  const start = messages.findLastIndex((m, i) => i < end && m.role === 'assistant');
  const turn = end < 0 ? [] : messages.slice(start + 1, end + 1);
  const lastTurn: LastTurn = { toolResults: [], text: '' };
  const userTexts: string[] = [];
  for (const m of turn) {
    if (m.role === 'tool') lastTurn.toolResults.push(partsText(m.content, 'content', ['text']).texts.join('\n'));
    if (m.role !== 'user') continue;
    const parts = partsText(m.content, 'content', ['text', 'image_url', 'input_audio', 'file']);
    userTexts.push(...parts.texts);
    lastTurn.image ??= parts.images[0];
  }
  lastTurn.text = userTexts.join('\n');
  const effort = body.reasoning_effort;
  return {
    model: body.model,
    stream: body.stream === true,
    includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
    firstToolCustom: firstTool?.custom === true,
    conversation: {
      texts,
      images,
      lastTurn,
      firstTool: firstTool?.name,
      reasoning: typeof effort === 'string' && effort !== 'none',
      offeredTools,
      userTexts: allUserTexts,
      toolResults,
    },
  };
}
