// OpenAI Responses request validation (unknown parameters, item shapes, call/output pairing,
// reasoning items) and reduction to the neutral Conversation.
import { isPresent, isRecord, parseDataUrl, type Json } from './narrow.js';
import { fail, invalidValue, missing, wrongType } from './openai-rejections.js';
import type { Conversation, LastTurn, OfferedTool, Signer } from './types.js';

// client_metadata: Codex CLI sends it with every request.
const PARAMS = new Set([
  'background', 'client_metadata', 'context_management', 'conversation', 'include', 'input', 'instructions',
  'max_output_tokens', 'max_tool_calls', 'metadata', 'model', 'moderation', 'parallel_tool_calls', 'previous_response_id',
  'prompt', 'prompt_cache_key', 'prompt_cache_options', 'prompt_cache_retention', 'reasoning', 'safety_identifier',
  'service_tier', 'store', 'stream', 'stream_options', 'temperature', 'text', 'tool_choice', 'tools', 'top_logprobs',
  'top_p', 'truncation', 'user',
]);
const TOOL_TYPES = [
  'function', 'custom', 'namespace', 'file_search', 'computer', 'computer_use_preview', 'web_search', 'web_search_2025_08_26',
  'web_search_preview', 'web_search_preview_2025_03_11', 'mcp', 'code_interpreter', 'programmatic_tool_calling',
  'image_generation', 'local_shell', 'shell', 'tool_search', 'apply_patch',
];
const ITEM_FIELDS: Record<string, string[]> = {
  message: ['type', 'role', 'content', 'id', 'status', 'phase'],
  function_call: ['type', 'id', 'call_id', 'name', 'arguments', 'status', 'namespace'],
  function_call_output: ['type', 'id', 'call_id', 'output', 'status'],
  reasoning: ['type', 'id', 'summary', 'content', 'encrypted_content', 'status'],
  item_reference: ['type', 'id'],
};
const PASS_THROUGH_ITEMS = ['custom_tool_call', 'custom_tool_call_output', 'web_search_call', 'file_search_call', 'computer_call', 'computer_call_output', 'local_shell_call', 'local_shell_call_output', 'mcp_call', 'mcp_list_tools', 'image_generation_call', 'code_interpreter_call'];
const PART_FIELDS: Record<string, string[]> = {
  input_text: ['type', 'text'],
  input_image: ['type', 'image_url', 'file_id', 'detail'],
  input_file: ['type', 'file_id', 'file_data', 'file_url', 'filename'],
  output_text: ['type', 'text', 'annotations', 'logprobs'],
  refusal: ['type', 'refusal'],
};
const ROLES = ['assistant', 'system', 'developer', 'user'];

export interface ResponsesRequest {
  body: Json;
  model: string;
  stream: boolean;
  summary: boolean;
  includeEncrypted: boolean;
  /** The namespace of the tool the model calls first, when it sits in one. */
  firstToolNamespace?: string;
  /** The tool the model calls first is a custom (free-text) tool: its call is a custom_tool_call. */
  firstToolCustom?: boolean;
  conversation: Conversation;
}

function unknownParam(param: string): never {
  return fail(`Unknown parameter: '${param}'.`, { param, code: 'unknown_parameter' });
}

function checkFields(obj: Json, allowed: string[], path: string): void {
  const extra = Object.keys(obj).find((k) => !allowed.includes(k));
  if (extra !== undefined) unknownParam(`${path}.${extra}`);
}

interface Content {
  texts: string[];
  images: NonNullable<LastTurn['image']>[];
}

function readContent(content: unknown, path: string, allowed: string[]): Content {
  if (typeof content === 'string') return { texts: [content], images: [] };
  if (!Array.isArray(content)) return wrongType(path, 'one of a string or array of objects', content);
  const out: Content = { texts: [], images: [] };
  content.forEach((part, j) => {
    const p = `${path}[${j}]`;
    if (!isRecord(part)) return wrongType(p, 'an object', part);
    if (typeof part.type !== 'string' || !allowed.includes(part.type)) return invalidValue(`${p}.type`, part.type, allowed);
    checkFields(part, PART_FIELDS[part.type] ?? ['type'], p);
    if (part.type === 'input_text' || part.type === 'output_text') {
      if (typeof part.text !== 'string') return missing(`${p}.text`);
      out.texts.push(part.text);
    }
    if (part.type === 'input_image') {
      const url = part.image_url;
      if (typeof url !== 'string' && typeof part.file_id !== 'string') return missing(`${p}.image_url`);
      out.images.push(typeof url === 'string' && url.startsWith('data:') ? (parseDataUrl(url) ?? { url }) : { url: String(url ?? part.file_id) });
    }
  });
  return out;
}

function checkReasoning(item: Json, path: string, signer: Signer): void {
  if (!Array.isArray(item.summary)) return missing(`${path}.summary`);
  const id = typeof item.id === 'string' ? item.id : '';
  if (typeof item.encrypted_content === 'string') {
    if (!signer.verifyEncryptedReasoning(item.encrypted_content)) {
      const c = item.encrypted_content;
      fail(`The encrypted content ${c.slice(0, 4)}...${c.slice(-4)} could not be verified.`, { code: 'invalid_encrypted_content' });
    }
    return;
  }
  if (!signer.issuedReasoningIds.has(id)) {
    fail(
      `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
      { param: 'input' },
    );
  }
}

function normaliseInput(input: unknown): Json[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input)) return wrongType('input', 'one of a string or array of objects', input);
  return input.map((item, i) => (isRecord(item) ? item : wrongType(`input[${i}]`, 'an object', item)));
}

/** A function the model can call; `namespace` when it sits in a namespace tool; `custom` for a free-text tool. */
interface CallableTool {
  name: string;
  namespace?: string;
  custom?: boolean;
}

/** A function or custom tool as offered: a namespace's member is called by its own name; a custom tool takes free text, so it has no schema. */
function offeredTool(tool: Json & { name: string }): OfferedTool {
  return { name: tool.name, parameters: tool.type === 'function' && isRecord(tool.parameters) ? tool.parameters : {} };
}

function checkNamespace(tool: Json, path: string, offered: OfferedTool[]): CallableTool | undefined {
  if (typeof tool.name !== 'string' || tool.name === '') return missing(`${path}.name`);
  if (!Array.isArray(tool.tools)) return missing(`${path}.tools`);
  let first: CallableTool | undefined;
  tool.tools.forEach((member, j) => {
    const p = `${path}.tools[${j}]`;
    if (!isRecord(member)) return wrongType(p, 'an object', member);
    if (member.type !== 'function' && member.type !== 'custom') return invalidValue(`${p}.type`, member.type, ['function', 'custom']);
    if (typeof member.name !== 'string' || member.name === '') return missing(`${p}.name`);
    offered.push(offeredTool({ ...member, name: member.name }));
    if (member.type === 'function') first ??= { name: member.name, namespace: String(tool.name) };
  });
  return first;
}

/**
 * The tools offered (function and custom tools, namespace members included), and the first
 * function or top-level custom tool the model may call, in declaration order.
 */
function checkTools(body: Json): { first?: CallableTool; offered: OfferedTool[] } {
  if (isPresent(body.tools) && !Array.isArray(body.tools)) wrongType('tools', 'an array', body.tools);
  const tools = Array.isArray(body.tools) ? body.tools : [];
  let first: CallableTool | undefined;
  const offered: OfferedTool[] = [];
  tools.forEach((tool, i) => {
    if (!isRecord(tool) || typeof tool.type !== 'string') return missing(`tools[${i}].type`);
    if (!TOOL_TYPES.includes(tool.type)) return invalidValue(`tools[${i}].type`, tool.type, TOOL_TYPES);
    if (tool.type === 'namespace') {
      const member = checkNamespace(tool, `tools[${i}]`, offered);
      first ??= member;
      return;
    }
    if (tool.type !== 'function' && tool.type !== 'custom') return;
    if (typeof tool.name !== 'string' || tool.name === '') return missing(`tools[${i}].name`);
    offered.push(offeredTool({ ...tool, name: tool.name }));
    first ??= tool.type === 'custom' ? { name: tool.name, custom: true } : { name: tool.name };
  });
  return body.tool_choice === 'none' ? { offered } : { first, offered };
}

export function readResponsesRequest(raw: unknown, signer: Signer): ResponsesRequest {
  if (!isRecord(raw)) return fail('Invalid request body: expected a JSON object.');
  const body = raw;
  for (const key of Object.keys(body)) if (!PARAMS.has(key)) unknownParam(key);
  if (typeof body.model !== 'string' || body.model === '') return missing('model');
  if (isPresent(body.stream) && typeof body.stream !== 'boolean') wrongType('stream', 'a boolean', body.stream);
  if (isPresent(body.stream_options) && body.stream !== true) {
    fail("The 'stream_options' parameter is only allowed when 'stream' is enabled.", { param: 'stream_options' });
  }
  if (typeof body.previous_response_id === 'string') {
    fail(`Previous response with id '${body.previous_response_id}' not found.`, {
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  }
  for (const key of ['temperature', 'top_p', 'max_output_tokens']) {
    if (isPresent(body[key]) && typeof body[key] !== 'number') wrongType(key, 'a decimal', body[key]);
  }
  if (isPresent(body.reasoning) && !isRecord(body.reasoning)) wrongType('reasoning', 'an object', body.reasoning);
  if (isPresent(body.include) && !Array.isArray(body.include)) wrongType('include', 'an array', body.include);
  if (isPresent(body.instructions) && typeof body.instructions !== 'string') wrongType('instructions', 'a string', body.instructions);
  const { first: callable, offered: offeredTools } = checkTools(body);
  const firstTool = callable?.name;
  const items = isPresent(body.input) ? normaliseInput(body.input) : [];

  const texts: string[] = typeof body.instructions === 'string' ? [body.instructions] : [];
  let images = 0;
  const calls = new Set<string>();
  const outputs = new Set<string>();
  const perItem: Array<{ kind: string; role?: string; content?: Content; output?: string }> = [];
  const toolResults: string[] = [];
  items.forEach((item, i) => {
    const path = `input[${i}]`;
    const type = typeof item.type === 'string' ? item.type : isPresent(item.role) ? 'message' : missing(`${path}.type`);
    // A custom tool's call and output pair like a function's; the model reads the output as a tool result.
    if (type === 'custom_tool_call') return perItem.push({ kind: 'function_call' });
    if (type === 'custom_tool_call_output') {
      const output = readContent(item.output, `${path}.output`, ['input_text', 'input_image', 'input_file']).texts.join('\n');
      texts.push(output);
      toolResults.push(output);
      return perItem.push({ kind: 'function_call_output', output });
    }
    if (PASS_THROUGH_ITEMS.includes(type)) return perItem.push({ kind: type });
    // Own keys only: an item type like `__proto__` is an invalid value, as upstream says, not a mock crash.
    const allowed = Object.hasOwn(ITEM_FIELDS, type) ? ITEM_FIELDS[type] : undefined;
    if (!allowed) return invalidValue(`${path}.type`, type, [...Object.keys(ITEM_FIELDS), ...PASS_THROUGH_ITEMS]);
    checkFields(item, allowed, path);
    if (type === 'message') {
      if (typeof item.role !== 'string' || !ROLES.includes(item.role)) return invalidValue(`${path}.role`, item.role, ROLES);
      const parts = item.role === 'assistant' ? ['output_text', 'refusal'] : ['input_text', 'input_image', 'input_file'];
      const content = readContent(item.content, `${path}.content`, parts);
      texts.push(...content.texts);
      images += content.images.length;
      return perItem.push({ kind: 'message', role: item.role, content });
    }
    if (type === 'function_call') {
      if (typeof item.call_id !== 'string') return missing(`${path}.call_id`);
      if (typeof item.name !== 'string') return missing(`${path}.name`);
      if (typeof item.arguments !== 'string') return wrongType(`${path}.arguments`, 'a string', item.arguments);
      calls.add(item.call_id);
      return perItem.push({ kind: type });
    }
    if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string') return missing(`${path}.call_id`);
      if (!calls.has(item.call_id)) fail(`No tool call found for function call output with call_id ${item.call_id}.`, { param: 'input' });
      outputs.add(item.call_id);
      const output = readContent(item.output, `${path}.output`, ['input_text', 'input_image', 'input_file']).texts.join('\n');
      texts.push(output);
      toolResults.push(output);
      return perItem.push({ kind: type, output });
    }
    if (type === 'reasoning') {
      checkReasoning(item, path, signer);
      if (i === items.length - 1) {
        fail(`Item '${String(item.id)}' of type 'reasoning' was provided without its required following item.`, { param: 'input' });
      }
      return perItem.push({ kind: type });
    }
    return fail(`Item with id '${String(item.id)}' not found.`, { param: 'input' });
  });
  for (const id of calls) if (!outputs.has(id)) fail(`No tool output found for function call ${id}.`, { param: 'input' });

  // The last user turn: user messages and tool outputs since the model last produced an item.
  const end = perItem.findLastIndex((it) => it.role === 'user' || it.kind === 'function_call_output');
  const start = perItem.findLastIndex((it, i) => i < end && (it.role === 'assistant' || it.kind === 'function_call' || it.kind === 'reasoning'));
  const lastTurn: LastTurn = { toolResults: [], text: '' };
  const userTexts: string[] = [];
  for (const it of end < 0 ? [] : perItem.slice(start + 1, end + 1)) {
    if (it.kind === 'function_call_output') lastTurn.toolResults.push(it.output ?? '');
    if (it.role !== 'user' || !it.content) continue;
    userTexts.push(...it.content.texts);
    lastTurn.image ??= it.content.images[0];
  }
  lastTurn.text = userTexts.join('\n');
  const reasoning = isRecord(body.reasoning) ? body.reasoning : {};
  const include = Array.isArray(body.include) ? body.include : [];
  return {
    body,
    model: body.model,
    stream: body.stream === true,
    summary: typeof reasoning.summary === 'string' && reasoning.summary !== '',
    includeEncrypted: include.includes('reasoning.encrypted_content'),
    ...(callable?.namespace !== undefined ? { firstToolNamespace: callable.namespace } : {}),
    ...(callable?.custom ? { firstToolCustom: true } : {}),
    conversation: {
      texts,
      images,
      lastTurn,
      firstTool,
      reasoning: typeof reasoning.effort === 'string' && reasoning.effort !== 'none',
      offeredTools,
      userTexts: perItem.filter((it) => it.role === 'user').map((it) => it.content?.texts.join('\n') ?? ''),
      toolResults,
    },
  };
}
