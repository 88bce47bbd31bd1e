import type { OllamaEndpoint } from '../canonical.js';
import { parseObject } from './json-object.js';

/**
 * The fields every Ollama answer object starts with, and where the text goes: /api/chat puts
 * it in `message` ({role, content, thinking?, tool_calls?}), /api/generate in top-level
 * `response`, `thinking` and `tool_calls` (api/types.go ChatResponse, GenerateResponse).
 */

export interface Delta {
  content: string;
  thinking?: string;
  toolCalls?: unknown[];
}

/** `created_at`: Ollama writes an RFC 3339 time; the request's time stands in for it. */
export function createdAt(now: number): string {
  return new Date(now).toISOString();
}

export function answerObject(opts: { model: string; now: number; endpoint: OllamaEndpoint; delta: Delta; done: boolean }): Record<string, unknown> {
  const { delta } = opts;
  const head = { model: opts.model, created_at: createdAt(opts.now) };
  if (opts.endpoint === 'generate') {
    const out: Record<string, unknown> = { ...head, response: delta.content };
    if (delta.thinking !== undefined) out.thinking = delta.thinking;
    if (delta.toolCalls !== undefined) out.tool_calls = delta.toolCalls;
    out.done = opts.done;
    return out;
  }
  const message: Record<string, unknown> = { role: 'assistant', content: delta.content };
  if (delta.thinking !== undefined) message.thinking = delta.thinking;
  if (delta.toolCalls !== undefined) message.tool_calls = delta.toolCalls;
  return { ...head, message, done: opts.done };
}

/**
 * A tool call as Ollama writes it: arguments as an object, `index` its place in the answer.
 * Arguments that are not a JSON object cannot be written as one; clients then get {}.
 */
export function toolCallObject(call: { id: string; name: string; arguments: string }, index: number): Record<string, unknown> {
  return { id: call.id, function: { index, name: call.name, arguments: parseObject(call.arguments) ?? {} } };
}
