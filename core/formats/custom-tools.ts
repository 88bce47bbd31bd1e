import type { ToolDefinition } from './canonical.js';

/**
 * OpenAI `custom` tools (Codex's apply_patch; Responses and Chat Completions both have them)
 * take one free-text input instead of a JSON arguments object, and no other format has them.
 * The canonical model carries such a tool as a function tool with a single string argument
 * `input` plus the `custom` marker (see ToolDefinition.custom): the Anthropic and Gemini
 * codecs see an ordinary function tool, and only the two OpenAI codecs convert between the
 * free text and the `{"input": ...}` arguments.
 */

export const CUSTOM_INPUT_KEY = 'input';

function formatHint(format: Record<string, unknown> | undefined): string {
  if (format?.type !== 'grammar' || typeof format.definition !== 'string') return '';
  // The grammar is enforced by OpenAI's sampler; a model behind another API only has
  // this text to go by, so it is spelled out.
  return format.syntax === 'regex'
    ? ` The text must match this regular expression: ${format.definition}`
    : ` The text must follow this ${typeof format.syntax === 'string' ? `${format.syntax} ` : ''}grammar:\n${format.definition}`;
}

/**
 * The canonical form of an OpenAI function tool (Chat's `function` object, a Responses
 * `function` tool), kept here beside the custom form so both OpenAI codecs build tools alike.
 */
export function functionToolDefinition(fn: {
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}): ToolDefinition {
  const out: ToolDefinition = {
    name: fn.name,
    // OpenAI lets a function omit `parameters`, meaning it takes no arguments.
    parameters: fn.parameters ?? { type: 'object', properties: {} },
  };
  if (fn.description != null) out.description = fn.description;
  if (fn.strict != null) out.strict = fn.strict;
  return out;
}

/** The canonical form of a custom tool: a function tool whose one argument is the text. */
export function customToolDefinition(tool: {
  name: string;
  description?: string;
  format?: Record<string, unknown>;
}): ToolDefinition {
  const input = {
    type: 'string',
    description: `The tool's whole raw text input, as one string (this tool takes free text, not JSON).${formatHint(tool.format)}`,
  };
  const out: ToolDefinition = {
    name: tool.name,
    parameters: { type: 'object', properties: { [CUSTOM_INPUT_KEY]: input }, required: [CUSTOM_INPUT_KEY] },
    custom: tool.format === undefined ? {} : { format: tool.format },
  };
  if (tool.description !== undefined) out.description = tool.description;
  return out;
}

/** Canonical tool-call arguments (JSON text) for a custom tool's free-text input. */
export function argumentsFromCustomInput(input: string): string {
  return JSON.stringify({ [CUSTOM_INPUT_KEY]: input });
}

/**
 * The same arguments built while the input streams in, as three kinds of arguments delta:
 * the opening, each piece of the input JSON-escaped, then the closing. Together they are
 * argumentsFromCustomInput(whole input).
 */
export const CUSTOM_ARGUMENTS_OPEN = `{${JSON.stringify(CUSTOM_INPUT_KEY)}:"`;
export const CUSTOM_ARGUMENTS_CLOSE = '"}';

/** One piece of a custom call's input as it reads inside the arguments' JSON string. */
export function customArgumentsPiece(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * The free-text input of a call to a custom tool, from its canonical arguments. A model
 * behind another API may not keep to the {input} schema; when the arguments are not an
 * object with a string `input`, the raw arguments text itself is the input, so nothing the
 * model wrote is lost and the tool reports what it could not use.
 */
export function customInputFromArguments(json: string): string {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const input = (parsed as Record<string, unknown>)[CUSTOM_INPUT_KEY];
      if (typeof input === 'string') return input;
    }
  } catch {
    // Not JSON (e.g. cut short by max tokens): fall through to the raw text.
  }
  return json;
}

/** Names of the custom tools among `tools`. */
export function customToolNames(tools: readonly ToolDefinition[] | undefined): Set<string> {
  return new Set((tools ?? []).filter((t) => t.custom !== undefined).map((t) => t.name));
}
