import { z } from 'zod';
import type { ToolChoice, ToolDefinition } from '../canonical.js';
import type { Decoded, Warn } from '../codec.js';
import { customToolDefinition, functionToolDefinition } from '../custom-tools.js';
import { formatFromChat } from './custom-format.js';
import { functionSchema } from './request-schema.js';
import { badRequest, zodBadRequest } from './validation.js';

/**
 * A client's Chat Completions `tools` / `tool_choice` (and their legacy spellings `functions`
 * / `function_call`) -> canonical tools and choice. Function tools are carried, custom
 * (free-text input) tools as canonical custom tools (see custom-tools.ts); tool types the
 * canonical model has no form for are dropped with a warning.
 */


const typedSchema = z.object({ type: z.string() });
const functionToolSchema = z.object({ function: functionSchema });
const customToolSchema = z.object({
  custom: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    format: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export function decodeTools(tools: unknown[], warn: Warn): Decoded<ToolDefinition[]> {
  const out: ToolDefinition[] = [];
  for (const [i, raw] of tools.entries()) {
    const head = typedSchema.safeParse(raw);
    if (!head.success) return zodBadRequest(head.error, ['tools', i]);
    const type = head.data.type;
    if (type === 'custom') {
      const parsed = customToolSchema.safeParse(raw);
      if (!parsed.success) return zodBadRequest(parsed.error, ['tools', i]);
      const { name, description, format } = parsed.data.custom;
      out.push(
        customToolDefinition({
          name,
          ...(description != null ? { description } : {}),
          ...(format != null ? { format: formatFromChat(format) } : {}),
        }),
      );
      continue;
    }
    if (type !== 'function') {
      warn(`tools[${i}]: tool type '${type}' dropped: only function and custom tools are carried when translating to another format`);
      continue;
    }
    const parsed = functionToolSchema.safeParse(raw);
    if (!parsed.success) return zodBadRequest(parsed.error, ['tools', i]);
    out.push(functionToolDefinition(parsed.data.function));
  }
  return { ok: true, value: out };
}

/** The legacy `functions` list: bare function objects. */
export function decodeFunctions(functions: unknown[]): Decoded<ToolDefinition[]> {
  const out: ToolDefinition[] = [];
  for (const [i, raw] of functions.entries()) {
    const parsed = functionSchema.safeParse(raw);
    if (!parsed.success) return zodBadRequest(parsed.error, ['functions', i]);
    out.push(functionToolDefinition(parsed.data));
  }
  return { ok: true, value: out };
}

const choiceSchema = z.object({
  type: z.string(),
  function: z.object({ name: z.string().min(1) }).optional(),
  custom: z.object({ name: z.string().min(1) }).optional(),
  allowed_tools: z.object({ mode: z.string().optional(), tools: z.array(z.unknown()).nullish() }).optional(),
});
const CHOICE_ERROR = `tool_choice: expected 'auto', 'none', 'required', {"type":"function","function":{"name":...}} or {"type":"custom","custom":{"name":...}}`;

const allowedToolSchema = z.union([
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
  z.object({ type: z.literal('custom'), custom: z.object({ name: z.string().min(1) }) }),
]);

/** The name of a function or custom tool in an allowed_tools list. */
function allowedToolName(raw: unknown): string | undefined {
  const parsed = allowedToolSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return parsed.data.type === 'function' ? parsed.data.function.name : parsed.data.custom.name;
}

/** `undefined` when the choice names a kind of tool translation does not carry (then: auto). */
export function decodeToolChoice(raw: unknown, warn: Warn): Decoded<ToolChoice | undefined> {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { ok: true, value: { type: raw } };
  const parsed = choiceSchema.safeParse(raw);
  if (!parsed.success) return badRequest(CHOICE_ERROR);
  const choice = parsed.data;
  if (choice.type === 'function') {
    if (!choice.function) return badRequest('tool_choice.function.name: required');
    return { ok: true, value: { type: 'tool', name: choice.function.name } };
  }
  if (choice.type === 'custom') {
    if (!choice.custom) return badRequest('tool_choice.custom.name: required');
    return { ok: true, value: { type: 'tool', name: choice.custom.name } };
  }
  if (choice.type === 'allowed_tools') {
    const required = choice.allowed_tools?.mode === 'required';
    const names = (choice.allowed_tools?.tools ?? []).map(allowedToolName);
    // Requiring a call to one tool out of a list of one is a named choice.
    const only = names.length === 1 ? names[0] : undefined;
    if (required && only !== undefined) return { ok: true, value: { type: 'tool', name: only } };
    warn("tool_choice: the 'allowed_tools' list dropped: only its mode is carried when translating");
    return { ok: true, value: { type: required ? 'required' : 'auto' } };
  }
  warn(`tool_choice: choice of a '${choice.type}' tool dropped: it is not carried when translating (the model chooses)`);
  return { ok: true, value: undefined };
}

/** The legacy `function_call`: 'auto', 'none' or {name}. */
export function decodeFunctionCall(raw: unknown): Decoded<ToolChoice> {
  if (raw === 'auto' || raw === 'none') return { ok: true, value: { type: raw } };
  const parsed = z.object({ name: z.string().min(1) }).safeParse(raw);
  if (!parsed.success) return badRequest(`function_call: expected 'auto', 'none' or {"name":...}`);
  return { ok: true, value: { type: 'tool', name: parsed.data.name } };
}
