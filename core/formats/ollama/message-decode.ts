import { z } from 'zod';
import type { AssistantPart, CanonicalMessage, ImagePart, TextPart, ToolCallPart } from '../canonical.js';
import type { Decoded, Warn } from '../codec.js';
import { fieldPath } from '../field-path.js';
import { decodeImage } from './images.js';
import { zodBadRequest } from './validation.js';

/**
 * Ollama `messages[]` -> canonical system prompt and messages. System messages before the
 * conversation make the system prompt; later ones stay where they are. Tool calls carry their
 * arguments as a JSON object and often no id (older Ollama has none), so the decoder mints
 * one; a `tool` message names the call it answers by tool_call_id when it has one, else by
 * tool_name, else it answers the next unanswered call, in order.
 */

export interface DecodedMessages {
  system: TextPart[];
  messages: CanonicalMessage[];
}

const messageSchema = z.object({
  role: z.string({ error: 'expected a string' }),
  content: z.string({ error: 'expected a string' }).nullish(),
  thinking: z.string().nullish(),
  images: z.array(z.string()).nullish(),
  tool_calls: z.array(z.unknown()).nullish(),
  tool_name: z.string().nullish(),
  tool_call_id: z.string().nullish(),
});

const toolCallSchema = z.object({
  id: z.string().nullish(),
  function: z.object({
    name: z.string().min(1),
    // An object in Ollama's API; a JSON string (what OpenAI sends) is taken too.
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  }),
});

type Message = z.infer<typeof messageSchema>;

/** Canonical arguments are JSON text, as the model produced them. */
function argumentsText(args: Record<string, unknown> | string | null | undefined): string {
  if (args == null) return '{}';
  return typeof args === 'string' ? args : JSON.stringify(args);
}

function textAndImages(message: Message): Array<TextPart | ImagePart> {
  const parts: Array<TextPart | ImagePart> = [];
  if (message.content) parts.push({ type: 'text', text: message.content });
  for (const image of message.images ?? []) parts.push(decodeImage(image));
  return parts;
}

export function decodeMessages(raw: readonly unknown[], ctx: { requestId: string }, warn: Warn): Decoded<DecodedMessages> {
  const system: TextPart[] = [];
  const messages: CanonicalMessage[] = [];
  /** Calls of the latest assistant turn not answered yet, in order. */
  let pending: ToolCallPart[] = [];
  const known = new Map<string, ToolCallPart>();
  let minted = 0;
  // Consecutive tool messages answer one assistant turn, so they share one user message.
  let results: CanonicalMessage | undefined;

  for (const [i, item] of raw.entries()) {
    const path = ['messages', i];
    const parsed = messageSchema.safeParse(item);
    if (!parsed.success) return zodBadRequest(parsed.error, path);
    const message = parsed.data;
    // Ollama lowercases the role before reading it.
    const role = message.role.toLowerCase();
    if (role !== 'tool') results = undefined;

    if (role === 'system') {
      if (message.images?.length) warn(`${fieldPath([...path, 'images'])}: images of a system message dropped`);
      if (!message.content) continue;
      const text: TextPart = { type: 'text', text: message.content };
      if (messages.length === 0) system.push(text);
      else messages.push({ role: 'system', content: [text] });
    } else if (role === 'user') {
      const parts = textAndImages(message);
      // An empty user turn is refused by most upstreams.
      if (parts.length > 0) messages.push({ role: 'user', content: parts });
    } else if (role === 'assistant') {
      const parts: AssistantPart[] = [];
      if (message.thinking) parts.push({ type: 'thinking', text: message.thinking });
      if (message.content) parts.push({ type: 'text', text: message.content });
      if (message.images?.length) warn(`${fieldPath([...path, 'images'])}: images of an assistant message dropped`);
      pending = [];
      for (const [j, rawCall] of (message.tool_calls ?? []).entries()) {
        const call = toolCallSchema.safeParse(rawCall);
        if (!call.success) return zodBadRequest(call.error, [...path, 'tool_calls', j]);
        const id = call.data.id || `call_${ctx.requestId}_${minted++}`;
        const part: ToolCallPart = { type: 'tool_call', id, name: call.data.function.name, arguments: argumentsText(call.data.function.arguments) };
        parts.push(part);
        pending.push(part);
        known.set(id, part);
      }
      if (parts.length === 0) parts.push({ type: 'text', text: '' });
      messages.push({ role: 'assistant', content: parts });
    } else if (role === 'tool') {
      const call = answeredCall(message, pending, known);
      const content = textAndImages(message);
      if (!call) {
        warn(`${fieldPath(path)}: a tool message that answers no earlier tool call went as a user message`);
        results = undefined;
        if (content.length > 0) messages.push({ role: 'user', content });
        continue;
      }
      pending = pending.filter((p) => p !== call);
      const result = { type: 'tool_result' as const, toolCallId: call.id, name: call.name, content };
      if (results) results.content.push(result);
      else {
        results = { role: 'user', content: [result] };
        messages.push(results);
      }
    } else {
      warn(`${fieldPath([...path, 'role'])}: a message with role ${JSON.stringify(message.role)} dropped: only system, user, assistant and tool messages are carried`);
    }
  }
  return { ok: true, value: { system, messages } };
}

function answeredCall(message: Message, pending: readonly ToolCallPart[], known: ReadonlyMap<string, ToolCallPart>): ToolCallPart | undefined {
  if (message.tool_call_id) {
    const byId = known.get(message.tool_call_id);
    if (byId) return byId;
  }
  if (message.tool_name) return pending.find((p) => p.name === message.tool_name);
  return pending[0];
}

