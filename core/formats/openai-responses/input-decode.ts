import { z } from 'zod';
import type { CanonicalMessage, ContentPart, ImagePart, TextPart } from '../canonical.js';
import { argumentsFromCustomInput } from '../custom-tools.js';
import { parseAt, RequestError } from './request-error.js';

/** Decodes the Responses `input` (a string or an item list) into system text and messages. */

const MessageItem = z.object({
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(z.unknown())]),
});

const FunctionCallItem = z.object({
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

const FunctionCallOutputItem = z.object({
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(z.unknown())]),
});

const CustomToolCallItem = z.object({
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
});

const ReasoningItem = z.object({
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })).nullish(),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
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

function unsupportedPart(type: string, path: string): never {
  throw new RequestError(`${path}: content type '${type}' is not supported by this gateway`);
}

/** Content of a user/assistant message or of a function_call_output. */
function contentParts(content: string | unknown[], path: string): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((raw, i): TextPart | ImagePart => {
    const partPath = `${path}[${i}]`;
    const { type } = parseAt(TypedPart, raw, partPath);
    switch (type) {
      case 'input_text':
      case 'output_text':
      case 'text':
        return { type: 'text', text: parseAt(TextContent, raw, partPath).text };
      case 'refusal':
        return { type: 'text', text: parseAt(RefusalContent, raw, partPath).refusal };
      case 'input_image':
        return imagePart(raw, partPath);
      default:
        return unsupportedPart(type, partPath);
    }
  });
}

function systemText(content: string | unknown[], path: string): TextPart[] {
  return contentParts(content, path).map((part, i) => {
    if (part.type !== 'text') throw new RequestError(`${path}[${i}]: system and developer messages take text only`);
    return part;
  });
}

const ItemHead = z.object({ type: z.string().optional(), role: z.string().optional() });

function itemType(raw: unknown, path: string): string {
  const { type, role } = parseAt(ItemHead, raw, path);
  if (type !== undefined) return type;
  if (role !== undefined) return 'message';
  throw new RequestError(`${path}.type: required`);
}

export function decodeInput(input: string | unknown[]): DecodedInput {
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
    append('user', contentParts(input, 'input'));
    return { system, messages };
  }

  input.forEach((raw, i) => {
    const path = `input[${i}]`;
    const type = itemType(raw, path);
    switch (type) {
      case 'message': {
        const item = parseAt(MessageItem, raw, path);
        if (item.role === 'system' || item.role === 'developer') {
          system.push(...systemText(item.content, `${path}.content`));
        } else {
          append(item.role, contentParts(item.content, `${path}.content`));
        }
        return;
      }
      case 'function_call': {
        const item = parseAt(FunctionCallItem, raw, path);
        callNames.set(item.call_id, item.name);
        append('assistant', [{ type: 'tool_call', id: item.call_id, name: item.name, arguments: item.arguments }]);
        return;
      }
      case 'custom_tool_call': {
        // The free text travels as {"input": text}, the form the canonical custom tool declares.
        const item = parseAt(CustomToolCallItem, raw, path);
        callNames.set(item.call_id, item.name);
        append('assistant', [{ type: 'tool_call', id: item.call_id, name: item.name, arguments: argumentsFromCustomInput(item.input) }]);
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
        const content = contentParts(item.output, `${path}.output`);
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
        throw new RequestError(`${path}.type: input item type '${type}' is not supported by this gateway`);
    }
  });
  return { system, messages };
}
