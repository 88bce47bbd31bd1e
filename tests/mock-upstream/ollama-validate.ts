// Ollama request binding as Go's encoding/json does it (unknown fields ignored, a wrong type
// is "json: cannot unmarshal ..."), and reduction of /api/chat and /api/generate requests to
// the neutral Conversation the behaviour rules read.
import { ollamaError, reject } from './errors.js';
import { isRecord, type Json } from './narrow.js';
import type { Conversation, LastTurn, OfferedTool } from './types.js';

type GoKind = 'string' | 'bool' | 'int' | 'object' | 'array' | 'any' | 'think' | 'duration' | 'images';
type GoFields = Record<string, [GoKind, string]>;

export const CHAT_FIELDS: GoFields = {
  model: ['string', 'string'],
  messages: ['array', '[]api.Message'],
  stream: ['bool', 'bool'],
  format: ['any', ''],
  keep_alive: ['duration', ''],
  tools: ['array', 'api.Tools'],
  options: ['object', 'map[string]interface {}'],
  think: ['think', ''],
};
export const GENERATE_FIELDS: GoFields = {
  model: ['string', 'string'],
  prompt: ['string', 'string'],
  suffix: ['string', 'string'],
  system: ['string', 'string'],
  template: ['string', 'string'],
  context: ['array', '[]int'],
  stream: ['bool', 'bool'],
  raw: ['bool', 'bool'],
  format: ['any', ''],
  keep_alive: ['duration', ''],
  images: ['images', '[]api.ImageData'],
  options: ['object', 'map[string]interface {}'],
  think: ['think', ''],
};
export const EMBED_FIELDS: GoFields = {
  model: ['string', 'string'],
  input: ['any', ''],
  keep_alive: ['duration', ''],
  truncate: ['bool', 'bool'],
  dimensions: ['int', 'int'],
  options: ['object', 'map[string]interface {}'],
};
export const SHOW_FIELDS: GoFields = { model: ['string', 'string'], name: ['string', 'string'], system: ['string', 'string'], verbose: ['bool', 'bool'] };
const MESSAGE_FIELDS: GoFields = {
  role: ['string', 'string'],
  content: ['string', 'string'],
  thinking: ['string', 'string'],
  images: ['images', '[]api.ImageData'],
  tool_calls: ['array', '[]api.ToolCall'],
  tool_name: ['string', 'string'],
};

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

function bad(message: string): never {
  return reject(ollamaError(400, message));
}

function kindOk(kind: GoKind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'object':
      return isRecord(value);
    case 'array':
    case 'images':
      return Array.isArray(value);
    default:
      return true;
  }
}

function checkSpecial(kind: GoKind, value: unknown): void {
  if (kind === 'think') {
    if (typeof value === 'boolean') return;
    if (typeof value !== 'string') bad('think must be a boolean or string ("high", "medium", "low")');
    if (!['high', 'medium', 'low'].includes(value)) bad(`invalid think value: ${JSON.stringify(value)} (must be "high", "medium", "low", true, or false)`);
  }
  if (kind === 'duration') {
    if (typeof value === 'number') return;
    if (typeof value !== 'string') bad(`Unsupported type: '${isRecord(value) ? 'map[string]interface {}' : Array.isArray(value) ? '[]interface {}' : jsonKind(value)}'`);
    if (!/^[-+]?(0|(\d+(\.\d*)?(ns|us|µs|ms|s|m|h))+)$/.test(value)) bad(`time: invalid duration ${JSON.stringify(value)}`);
  }
  if (kind === 'images' && Array.isArray(value)) {
    for (const image of value) {
      if (typeof image !== 'string') continue;
      const at = image.search(/[^A-Za-z0-9+/=]/);
      if (at >= 0 || image.length % 4 !== 0) bad(`illegal base64 data at input byte ${at >= 0 ? at : image.length}`);
    }
  }
}

/** Binds `value` as Go would into the named struct; `path` is the field path from the request root. */
function bindStruct(value: Json, struct: string, fields: GoFields, path: string[]): void {
  for (const [name, [kind, goType]] of Object.entries(fields)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    if (!kindOk(kind, v)) bad(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${struct}.${[...path, name].join('.')} of type ${goType}`);
    checkSpecial(kind, v);
  }
}

/** The request object, or Ollama's 400 for an empty or mistyped body. */
export function bindRequest(body: unknown, struct: string, fields: GoFields): Json {
  if (body === undefined) return bad('missing request body');
  if (body === null) return {};
  if (!isRecord(body)) return bad(`json: cannot unmarshal ${jsonKind(body)} into Go value of type api.${struct}`);
  bindStruct(body, struct, fields, []);
  if (Array.isArray(body.messages)) {
    body.messages.forEach((m) => {
      if (m === null) return;
      if (!isRecord(m)) bad(`json: cannot unmarshal ${jsonKind(m)} into Go struct field ${struct}.messages of type api.Message`);
      bindStruct(m, 'Message', MESSAGE_FIELDS, ['messages']);
      const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
      for (const call of calls) {
        const args = isRecord(call) && isRecord(call.function) ? call.function.arguments : undefined;
        if (args !== undefined && args !== null && !isRecord(args)) {
          bad(`json: cannot unmarshal ${jsonKind(args)} into Go struct field ToolCallFunction.messages.tool_calls.function.arguments of type api.ToolCallFunctionArguments`);
        }
      }
    });
  }
  return body;
}

function sniff(base64: string): LastTurn['image'] {
  const bytes = Buffer.from(base64, 'base64');
  const head = bytes.subarray(0, 12);
  const mediaType =
    head[0] === 0x89 && head.subarray(1, 4).toString('latin1') === 'PNG'
      ? 'image/png'
      : head[0] === 0xff && head[1] === 0xd8
        ? 'image/jpeg'
        : head.subarray(0, 4).toString('latin1') === 'GIF8'
          ? 'image/gif'
          : head.subarray(8, 12).toString('latin1') === 'WEBP'
            ? 'image/webp'
            : 'application/octet-stream';
  return { mediaType, bytes: bytes.length };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** /api/chat: tools offered, the last user turn (since the assistant last spoke), think. */
export function chatConversation(body: Json): Conversation {
  const messages = (Array.isArray(body.messages) ? body.messages : []).filter(isRecord);
  const role = (m: Json): string => String(m.role ?? '').toLowerCase();
  const content = (m: Json): string => (typeof m.content === 'string' ? m.content : '');
  const offeredTools: OfferedTool[] = (Array.isArray(body.tools) ? body.tools : []).flatMap((t) => {
    const fn = isRecord(t) && isRecord(t.function) ? t.function : undefined;
    return fn && typeof fn.name === 'string' ? [{ name: fn.name, parameters: isRecord(fn.parameters) ? fn.parameters : {} }] : [];
  });
  const start = messages.findLastIndex((m) => role(m) === 'assistant') + 1;
  const turn = messages.slice(start);
  const firstImage = turn.filter((m) => role(m) === 'user').flatMap((m) => strings(m.images))[0];
  const lastTurn: LastTurn = {
    toolResults: turn.filter((m) => role(m) === 'tool').map(content),
    text: turn.filter((m) => role(m) === 'user').map(content).join('\n'),
    ...(firstImage !== undefined ? { image: sniff(firstImage) } : {}),
  };
  return {
    texts: messages.map(content),
    images: messages.reduce((n, m) => n + strings(m.images).length, 0),
    lastTurn,
    firstTool: offeredTools[0]?.name,
    reasoning: body.think === true || typeof body.think === 'string',
    offeredTools,
    userTexts: messages.filter((m) => role(m) === 'user').map(content),
    toolResults: messages.filter((m) => role(m) === 'tool').map(content),
  };
}

/** /api/generate: the prompt is the user turn, the system prompt counts toward input. */
export function generateConversation(body: Json): Conversation {
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const system = typeof body.system === 'string' && body.system !== '' ? [body.system] : [];
  const images = strings(body.images);
  const image = images[0];
  return {
    texts: [...system, prompt],
    images: images.length,
    lastTurn: { toolResults: [], text: prompt, ...(image !== undefined ? { image: sniff(image) } : {}) },
    reasoning: body.think === true || typeof body.think === 'string',
    offeredTools: [],
    userTexts: [prompt],
    toolResults: [],
  };
}
