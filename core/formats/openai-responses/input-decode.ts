import { z } from 'zod';
import type { CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import { argumentsFromCustomInput } from '../custom-tools.js';
import type { NamespaceNames } from './namespace-tools.js';
import { parseAt, RequestError } from './request-error.js';
import type { Warn } from '../codec.js';

/**
 * Decodes the Responses `input` (a string or an item list) into system text and messages.
 * Items, roles and content types the canonical model cannot carry (hosted-tool calls,
 * compaction, item references, files, audio) are dropped with a warning: the request is
 * still answerable without them, and OpenAI itself gets the body untouched.
 */

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;

const MessageItem = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(z.unknown())]),
});

const FunctionCallItem = z.object({
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  namespace: z.string().nullish(),
});

const FunctionCallOutputItem = z.object({
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.unknown())]),
});

const CustomToolCallItem = z.object({
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
  namespace: z.string().nullish(),
});

const ReasoningItem = z.object({
  summary: z.array(z.object({ text: z.string() })).nullish(),
  content: z.array(z.object({ text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

const TypedPart = z.object({ type: z.string() });
const TextContent = z.object({ text: z.string() });
const RefusalContent = z.object({ refusal: z.string() });
const ImageContent = z.object({
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high', 'original']).nullish(),
});

export interface DecodedInput {
  system: TextPart[];
  messages: CanonicalMessage[];
}

export interface InputContext {
  /** The flat names of the request's grouped tools (see namespace-tools.ts). */
  names: NamespaceNames;
  warn: Warn;
}

function imagePart(value: unknown, path: string): ImagePart {
  const image = parseAt(ImageContent, value, path);
  const url = image.image_url ?? undefined;
  if (url === undefined || url === '') {
    if (image.file_id) {
      throw new RequestError(`${path}.file_id: images by file_id are not supported by this gateway; send image_url (a data: URL or an http(s) URL)`);
    }
    throw new RequestError(`${path}.image_url: required`);
  }
  // `original` asks for the full-resolution image, the nearest canonical hint is `high`.
  const detail = image.detail === 'original' ? 'high' : (image.detail ?? undefined);
  let part: ImagePart;
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    if (!match || match[1] === undefined || match[2] === undefined) {
      throw new RequestError(`${path}.image_url: a data: URL must look like data:<media type>;base64,<data>`);
    }
    part = { type: 'image', source: { kind: 'base64', mediaType: match[1], data: match[2] } };
  } else if (/^https?:\/\//i.test(url)) {
    part = { type: 'image', source: { kind: 'url', url } };
  } else {
    throw new RequestError(`${path}.image_url: expected a data: URL or an http(s) URL`);
  }
  if (detail !== undefined) part.detail = detail;
  return part;
}

/** Content of a message or of a function_call_output; unknown part types are dropped. */
function contentParts(content: string | unknown[], path: string, warn: Warn): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((raw, i): Array<TextPart | ImagePart> => {
    const partPath = `${path}[${i}]`;
    const { type } = parseAt(TypedPart, raw, partPath);
    switch (type) {
      case 'input_text':
      case 'output_text':
      case 'text':
        return [{ type: 'text', text: parseAt(TextContent, raw, partPath).text }];
      case 'refusal':
        return [{ type: 'text', text: parseAt(RefusalContent, raw, partPath).refusal }];
      case 'input_image':
        return [imagePart(raw, partPath)];
      default:
        warn(`${partPath}: content type '${type}' dropped: only text and images are carried when translating to another format`);
        return [];
    }
  });
}

function systemText(content: string | unknown[], path: string, warn: Warn): TextPart[] {
  return contentParts(content, path, warn).filter((part): part is TextPart => {
    if (part.type === 'text') return true;
    warn(`${path}: an image in a system or developer message dropped: instructions carry text only`);
    return false;
  });
}

const ItemHead = z.object({ type: z.string().optional(), role: z.string().optional() });

function itemType(raw: unknown, path: string): string {
  const { type, role } = parseAt(ItemHead, raw, path);
  if (type !== undefined) return type;
  if (role !== undefined) return 'message';
  throw new RequestError(`${path}.type: required`);
}

export function decodeInput(input: string | unknown[], { names, warn }: InputContext): DecodedInput {
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  const callNames = new Map<string, string>();

  // Items of one turn arrive as separate entries (reasoning, message, function_call, ...);
  // consecutive items of the same side join one canonical message.
  const append = (role: CanonicalMessage['role'], parts: ContentPart[]): void => {
    if (parts.length === 0) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...parts);
    else messages.push({ role, content: parts });
  };

  if (typeof input === 'string') {
    append('user', contentParts(input, 'input', warn));
    return { system, messages };
  }

  input.forEach((raw, i) => {
    const path = `input[${i}]`;
    const type = itemType(raw, path);
    switch (type) {
      case 'message': {
        const item = parseAt(MessageItem, raw, path);
        const role = (ROLES as readonly string[]).includes(item.role) ? (item.role as (typeof ROLES)[number]) : undefined;
        if (role === undefined) {
          warn(`${path}.role: a message with role '${item.role}' dropped: only user, assistant, system and developer messages are carried`);
        } else if (role === 'system' || role === 'developer') {
          // Instructions before the conversation are the system prompt; later ones stay where
          // the client put them (Codex adds developer messages as settings change mid-session).
          const texts = systemText(item.content, `${path}.content`, warn);
          if (messages.length === 0) system.push(...texts);
          else append('system', texts);
        } else {
          append(role, contentParts(item.content, `${path}.content`, warn));
        }
        return;
      }
      case 'function_call': {
        const item = parseAt(FunctionCallItem, raw, path);
        const name = item.namespace ? names.lookup(item.namespace, item.name) : item.name;
        callNames.set(item.call_id, name);
        append('assistant', [{ type: 'tool_call', id: item.call_id, name, arguments: item.arguments }]);
        return;
      }
      case 'custom_tool_call': {
        // The free text travels as {"input": text}, the form the canonical custom tool declares.
        const item = parseAt(CustomToolCallItem, raw, path);
        const name = item.namespace ? names.lookup(item.namespace, item.name) : item.name;
        callNames.set(item.call_id, name);
        append('assistant', [{ type: 'tool_call', id: item.call_id, name, arguments: argumentsFromCustomInput(item.input) }]);
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const item = parseAt(FunctionCallOutputItem, raw, path);
        const name = callNames.get(item.call_id);
        if (name === undefined) {
          const call = type === 'function_call_output' ? 'function_call' : 'custom_tool_call';
          throw new RequestError(`${path}.call_id: no earlier ${call} item has call_id '${item.call_id}'; send the ${call} item before its output`);
        }
        const content = contentParts(item.output, `${path}.output`, warn);
        append('user', [{ type: 'tool_result', toolCallId: item.call_id, name, content }]);
        return;
      }
      case 'reasoning': {
        const item = parseAt(ReasoningItem, raw, path);
        const texts = (item.summary ?? []).map((s) => s.text);
        if (texts.length === 0) texts.push(...(item.content ?? []).map((c) => c.text));
        const signature = item.encrypted_content ?? undefined;
        const text = texts.join('\n\n');
        if (text === '' && signature === undefined) return;
        append('assistant', [
          signature === undefined
            ? { type: 'thinking', text, origin: 'openai-responses' }
            : { type: 'thinking', text, signature, origin: 'openai-responses' },
        ]);
        return;
      }
      default:
        // Hosted-tool calls (web_search_call, local_shell_call, ...), their outputs,
        // compaction summaries and item references are state only OpenAI can read.
        warn(`${path}: input item type '${type}' dropped: it is not carried when translating to another format`);
        return;
    }
  });
  return { system, messages };
}
