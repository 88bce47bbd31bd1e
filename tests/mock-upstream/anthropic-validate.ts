// Anthropic Messages request validation with the API's pydantic-style messages
// ("<path>: Extra inputs are not permitted"), tool_use/tool_result pairing, thinking
// signatures, mid-conversation system messages, and reduction to the neutral Conversation.
import { anthropicInvalid, reject } from './errors.js';
import { base64Bytes, isPresent, isRecord, type Json } from './narrow.js';
import type { Conversation, LastTurn, OfferedTool, Signer } from './types.js';

const BASE_FIELDS = [
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier', 'container', 'output_config', 'inference_geo', 'cache_control',
];
const COUNT_FIELDS = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'cache_control'];
// Beta features the API accepts only when the request opts in with an `anthropic-beta` header.
const BETA_FIELDS = ['context_management', 'mcp_servers', 'output_format'];
const BLOCK_FIELDS: Record<string, string[]> = {
  text: ['type', 'text', 'cache_control', 'citations'],
  image: ['type', 'source', 'cache_control', 'transformations'],
  document: ['type', 'source', 'cache_control', 'citations', 'context', 'title'],
  tool_use: ['type', 'id', 'name', 'input', 'cache_control', 'caller', 'toolset_name'],
  tool_result: ['type', 'tool_use_id', 'content', 'is_error', 'cache_control', 'toolset_name'],
  thinking: ['type', 'thinking', 'signature'],
  redacted_thinking: ['type', 'data'],
};
const OTHER_BLOCKS = ['search_result', 'server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'bash_code_execution_tool_result', 'text_editor_code_execution_tool_result', 'tool_search_tool_result', 'container_upload'];
const TOOL_FIELDS = ['type', 'name', 'description', 'input_schema', 'cache_control', 'strict', 'defer_loading', 'input_examples', 'allowed_callers', 'eager_input_streaming'];
const DOCS = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

export interface AnthropicRequest {
  model: string;
  stream: boolean;
  conversation: Conversation;
}

function fail(message: string): never {
  return reject(anthropicInvalid(message));
}

function tags(values: string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

function checkExtra(obj: Json, allowed: string[], path: string): void {
  const extra = Object.keys(obj).find((k) => !allowed.includes(k));
  if (extra !== undefined) fail(`${path}${path ? '.' : ''}${extra}: Extra inputs are not permitted`);
}

interface Blocks {
  blocks: Json[];
}

function readBlocks(content: unknown, path: string): Blocks {
  if (typeof content === 'string') return { blocks: content === '' ? [] : [{ type: 'text', text: content }] };
  if (!Array.isArray(content)) return fail(`${path}: Input should be a valid list`);
  const blocks = content.map((b, j): Json => {
    const p = `${path}.${j}`;
    if (!isRecord(b)) return fail(`${p}: Input should be a valid dictionary or object to extract fields from`);
    const type = b.type;
    const known = [...Object.keys(BLOCK_FIELDS), ...OTHER_BLOCKS];
    if (typeof type !== 'string' || !known.includes(type)) {
      return fail(`${p}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${tags(known)}`);
    }
    const allowed = BLOCK_FIELDS[type];
    if (!allowed) return b;
    checkExtra(b, allowed, `${p}.${type}`);
    if (type === 'text' && typeof b.text !== 'string') fail(`${p}.text.text: Field required`);
    if (type === 'tool_use') {
      if (typeof b.id !== 'string') fail(`${p}.tool_use.id: Field required`);
      if (typeof b.name !== 'string') fail(`${p}.tool_use.name: Field required`);
      if (!isRecord(b.input)) fail(`${p}.tool_use.input: Input should be a valid dictionary`);
    }
    if (type === 'tool_result' && typeof b.tool_use_id !== 'string') fail(`${p}.tool_result.tool_use_id: Field required`);
    if (type === 'thinking' && (typeof b.thinking !== 'string' || typeof b.signature !== 'string')) {
      fail(`${p}.thinking.${typeof b.thinking !== 'string' ? 'thinking' : 'signature'}: Field required`);
    }
    if (type === 'image') {
      const s = b.source;
      if (!isRecord(s)) fail(`${p}.image.source: Field required`);
      if (s.type === 'base64' && (typeof s.data !== 'string' || typeof s.media_type !== 'string')) fail(`${p}.image.source.base64.data: Field required`);
      if (s.type === 'url' && typeof s.url !== 'string') fail(`${p}.image.source.url.url: Field required`);
    }
    return b;
  });
  return { blocks };
}

function textOf(blocks: Json[]): string[] {
  return blocks.filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => b.text as string);
}

function toolResultText(block: Json): { text: string; images: number } {
  if (typeof block.content === 'string') return { text: block.content, images: 0 };
  const inner = Array.isArray(block.content) ? block.content.filter(isRecord) : [];
  return { text: textOf(inner).join('\n'), images: inner.filter((b) => b.type === 'image').length };
}

function imageOf(block: Json): LastTurn['image'] {
  const s = isRecord(block.source) ? block.source : {};
  if (s.type === 'base64') return { mediaType: String(s.media_type), bytes: base64Bytes(String(s.data)) };
  return { url: String(s.url ?? s.file_id ?? '') };
}

/** The client tools offered, and the first one the model may call (none when tool_choice is "none"). */
function checkTools(body: Json): { first?: string; offered: OfferedTool[] } {
  const offered: OfferedTool[] = [];
  if (!isPresent(body.tools)) return { offered };
  if (!Array.isArray(body.tools)) return fail('tools: Input should be a valid list');
  let first: string | undefined;
  body.tools.forEach((tool, i) => {
    if (!isRecord(tool)) return fail(`tools.${i}: Input should be a valid dictionary or object to extract fields from`);
    if (tool.type !== undefined && tool.type !== 'custom') return;
    checkExtra(tool, TOOL_FIELDS, `tools.${i}.custom`);
    if (typeof tool.name !== 'string') return fail(`tools.${i}.custom.name: Field required`);
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) fail(`tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    if (!isRecord(tool.input_schema)) return fail(`tools.${i}.custom.input_schema: Field required`);
    offered.push({ name: tool.name, parameters: tool.input_schema });
    first ??= tool.name;
  });
  const choice = body.tool_choice;
  if (isPresent(choice)) {
    const types = ['auto', 'any', 'tool', 'none'];
    if (!isRecord(choice) || typeof choice.type !== 'string' || !types.includes(choice.type)) {
      fail(`tool_choice: Input tag '${isRecord(choice) ? String(choice.type) : String(choice)}' found using 'type' does not match any of the expected tags: ${tags(types)}`);
    }
    if (choice.type === 'tool' && typeof choice.name !== 'string') fail('tool_choice.tool.name: Field required');
    if (choice.type === 'none') return { offered };
  }
  return { first, offered };
}

/** Returns whether thinking is on, after the API's checks on the thinking configuration. */
function checkThinking(body: Json, counting: boolean): boolean {
  const t = body.thinking;
  if (!isPresent(t)) return false;
  const types = ['enabled', 'disabled', 'adaptive'];
  if (!isRecord(t) || typeof t.type !== 'string' || !types.includes(t.type)) {
    return fail(`thinking: Input tag '${isRecord(t) ? String(t.type) : String(t)}' found using 'type' does not match any of the expected tags: ${tags(types)}`);
  }
  if (t.type === 'disabled') return false;
  if (t.type === 'enabled') {
    if (typeof t.budget_tokens !== 'number' || !Number.isInteger(t.budget_tokens)) return fail('thinking.enabled.budget_tokens: Field required');
    if (t.budget_tokens < 1024) fail('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (!counting && typeof body.max_tokens === 'number' && t.budget_tokens >= body.max_tokens) {
      fail(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${DOCS}#max-tokens-and-context-window-size`);
    }
  }
  if (isPresent(body.temperature) && body.temperature !== 1) {
    fail(`\`temperature\` may only be set to 1 when thinking is enabled. ${DOCS}#important-considerations-when-using-extended-thinking`);
  }
  if (isPresent(body.top_k)) fail(`\`top_k\` must be unset when thinking is enabled. ${DOCS}#important-considerations-when-using-extended-thinking`);
  const choice = body.tool_choice;
  if (isRecord(choice) && (choice.type === 'any' || choice.type === 'tool')) fail('Thinking may not be enabled when tool_choice forces tool use.');
  return true;
}

function checkScalars(body: Json, counting: boolean): void {
  if (typeof body.model !== 'string' || body.model === '') fail('model: Field required');
  if (!counting) {
    if (!isPresent(body.max_tokens)) fail('max_tokens: Field required');
    if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) fail('max_tokens: Input should be a valid integer');
    if (body.max_tokens < 1) fail('max_tokens: Input should be greater than or equal to 1');
  }
  if (isPresent(body.stream) && typeof body.stream !== 'boolean') fail('stream: Input should be a valid boolean');
  for (const key of ['temperature', 'top_p']) {
    const v = body[key];
    if (!isPresent(v)) continue;
    if (typeof v !== 'number') fail(`${key}: Input should be a valid number`);
    if (v < 0) fail(`${key}: Input should be greater than or equal to 0`);
    if (v > 1) fail(`${key}: Input should be less than or equal to 1`);
  }
  if (isPresent(body.top_k) && (typeof body.top_k !== 'number' || !Number.isInteger(body.top_k))) fail('top_k: Input should be a valid integer');
  if (isPresent(body.stop_sequences) && (!Array.isArray(body.stop_sequences) || !body.stop_sequences.every((s) => typeof s === 'string'))) {
    fail('stop_sequences: Input should be a valid list');
  }
}

function systemTexts(system: unknown): string[] {
  if (!isPresent(system)) return [];
  if (typeof system === 'string') return [system];
  if (!Array.isArray(system)) return fail('system: Input should be a valid string');
  return system.map((b, i) => {
    if (!isRecord(b) || b.type !== 'text') return fail(`system.${i}.type: Input should be 'text'`);
    checkExtra(b, BLOCK_FIELDS.text ?? [], `system.${i}`);
    if (typeof b.text !== 'string') return fail(`system.${i}.text: Field required`);
    return b.text;
  });
}

/** A mid-conversation system message holds instructions: a string or text blocks. */
function systemMessageBlocks(content: unknown, path: string): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return fail(`${path}: Input should be a valid list`);
  return content.map((b, j): Json => {
    if (!isRecord(b) || b.type !== 'text') return fail(`${path}.${j}.type: Input should be 'text'`);
    checkExtra(b, BLOCK_FIELDS.text ?? [], `${path}.${j}`);
    if (typeof b.text !== 'string') return fail(`${path}.${j}.text: Field required`);
    return b;
  });
}

/**
 * Anthropic's placement rules for `role: "system"` messages: each must immediately follow a
 * user turn (or an assistant turn that ends in server tool use), must precede an assistant
 * turn or end the array, and two may not stand in a row. (The real API accepts them on
 * Claude Opus 4.8; the mock accepts them for every model. The wording of these three
 * errors is the mock's own.)
 */
function checkSystemPlacement(messages: Array<{ role: string; blocks: Json[] }>): void {
  messages.forEach((m, i) => {
    if (m.role !== 'system') return;
    const prev = messages[i - 1];
    const next = messages[i + 1];
    if (prev?.role === 'system') fail(`messages.${i}: consecutive \`system\` messages are not allowed`);
    const afterServerTool = prev?.role === 'assistant' && prev.blocks.at(-1)?.type === 'server_tool_use';
    if (prev?.role !== 'user' && !afterServerTool) {
      fail(`messages.${i}: a \`system\` message must immediately follow a \`user\` message`);
    }
    if (next !== undefined && next.role !== 'assistant' && next.role !== 'system') {
      fail(`messages.${i}: a \`system\` message must be followed by an \`assistant\` message or end the conversation`);
    }
    if (m.blocks.length === 0) fail(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
  });
}

function checkPairing(messages: Array<{ role: string; blocks: Json[] }>, signer: Signer, thinking: boolean): void {
  messages.forEach((m, i) => {
    const prev = messages[i - 1];
    const prevUses = prev?.role === 'assistant' ? prev.blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : [];
    m.blocks.forEach((b, j) => {
      if (b.type === 'tool_result' && !prevUses.includes(String(b.tool_use_id))) {
        fail(
          `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(b.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
      if (b.type === 'thinking' && !signer.verifyAnthropicSignature(String(b.thinking), String(b.signature))) {
        fail(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
      }
      if (b.type === 'redacted_thinking') fail(`messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`);
    });
    const uses = m.role === 'assistant' ? m.blocks.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : [];
    if (uses.length === 0) return;
    const next = messages[i + 1];
    const answered = next?.role === 'user' ? next.blocks.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id)) : [];
    const open = uses.filter((id) => !answered.includes(id));
    if (open.length > 0) {
      fail(
        `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
    const leading = next?.blocks.findIndex((b) => b.type !== 'tool_result') ?? -1;
    const results = next?.blocks.filter((b) => b.type === 'tool_result').length ?? 0;
    if (leading >= 0 && leading < results) {
      fail(
        `messages.${i + 1}: Did not find ${results} \`tool_result\` block(s) at the beginning of this message. Messages following \`tool_use\` blocks must begin with a matching number of \`tool_result\` blocks.`,
      );
    }
  });
  // System messages are instructions, not turns: the rule looks at the last two turns.
  const turns = messages.map((m, index) => ({ ...m, index })).filter((m) => m.role !== 'system');
  const last = turns[turns.length - 1];
  const final = turns[turns.length - 2];
  if (thinking && last?.blocks.some((b) => b.type === 'tool_result') && final?.role === 'assistant') {
    const head = final.blocks[0];
    if (head && head.type !== 'thinking' && head.type !== 'redacted_thinking') {
      fail(
        `messages.${final.index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(head.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. ${DOCS}`,
      );
    }
  }
}

/**
 * The prompt-cache breakpoint of a request, if any: top-level automatic caching or a
 * cache_control on a tool, a system block or a message block. A 1-hour breakpoint anywhere
 * makes the write a 1-hour one.
 */
function cacheControlOf(body: Json, messages: Array<{ blocks: Json[] }>): '5m' | '1h' | undefined {
  const marks: unknown[] = [body.cache_control];
  for (const list of [body.tools, body.system]) if (Array.isArray(list)) for (const item of list) if (isRecord(item)) marks.push(item.cache_control);
  for (const m of messages) for (const b of m.blocks) marks.push(b.cache_control);
  const set = marks.filter(isRecord);
  if (set.length === 0) return undefined;
  return set.some((c) => c.ttl === '1h') ? '1h' : '5m';
}

export function readAnthropicRequest(raw: unknown, opts: { signer: Signer; beta: boolean; counting: boolean }): AnthropicRequest {
  if (!isRecord(raw)) return fail('Input should be a valid dictionary or object to extract fields from');
  const body = raw;
  checkExtra(body, [...(opts.counting ? COUNT_FIELDS : BASE_FIELDS), ...(opts.beta ? BETA_FIELDS : [])], '');
  checkScalars(body, opts.counting);
  if (!isPresent(body.messages)) fail('messages: Field required');
  if (!Array.isArray(body.messages)) return fail('messages: Input should be a valid list');
  if (body.messages.length === 0) fail('messages: at least one message is required');
  const texts = systemTexts(body.system);
  const { first: firstTool, offered: offeredTools } = checkTools(body);
  const thinking = checkThinking(body, opts.counting);
  let images = 0;
  const messages = body.messages.map((m, i) => {
    if (!isRecord(m)) return fail(`messages.${i}: Input should be a valid dictionary or object to extract fields from`);
    checkExtra(m, ['role', 'content'], `messages.${i}`);
    if (m.role !== 'user' && m.role !== 'assistant' && m.role !== 'system') {
      return fail(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
    }
    if (!isPresent(m.content)) return fail(`messages.${i}.content: Field required`);
    if (m.role === 'system') {
      const blocks = systemMessageBlocks(m.content, `messages.${i}.content`);
      texts.push(...textOf(blocks));
      return { role: m.role, blocks };
    }
    const { blocks } = readBlocks(m.content, `messages.${i}.content`);
    const isFinalAssistant = i === (body.messages as unknown[]).length - 1 && m.role === 'assistant';
    if (blocks.length === 0 && !isFinalAssistant) {
      fail(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
    }
    for (const b of blocks) {
      if (b.type === 'text') texts.push(String(b.text));
      if (b.type === 'image') images += 1;
      if (b.type === 'tool_result') {
        const r = toolResultText(b);
        texts.push(r.text);
        images += r.images;
      }
    }
    return { role: m.role, blocks };
  });
  if (messages[0]?.role !== 'user') fail('messages: first message must use the "user" role');
  checkSystemPlacement(messages);
  checkPairing(messages, opts.signer, thinking);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const blocks = lastUser?.blocks ?? [];
  const image = blocks.find((b) => b.type === 'image');
  const lastTurn: LastTurn = {
    toolResults: blocks.filter((b) => b.type === 'tool_result').map((b) => toolResultText(b).text),
    image: image ? imageOf(image) : undefined,
    text: textOf(blocks).join('\n'),
  };
  const cacheControl = cacheControlOf(body, messages);
  const userBlocks = messages.filter((m) => m.role === 'user').flatMap((m) => m.blocks);
  const userTexts = textOf(userBlocks);
  const toolResults = userBlocks.filter((b) => b.type === 'tool_result').map((b) => toolResultText(b).text);
  return {
    model: String(body.model),
    stream: body.stream === true,
    conversation: {
      texts,
      images,
      lastTurn,
      firstTool,
      reasoning: thinking,
      ...(cacheControl ? { cacheControl } : {}),
      offeredTools,
      userTexts,
      toolResults,
    },
  };
}
