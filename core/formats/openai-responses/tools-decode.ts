import { z } from 'zod';
import type { CanonicalRequest, ToolChoice, ToolDefinition } from '../canonical.js';
import type { Warn } from '../codec.js';
import { customToolDefinition, functionToolDefinition } from '../custom-tools.js';
import { NamespaceNames } from './namespace-tools.js';
import { parseAt, RequestError } from './request-error.js';

/** The client's Responses `tools` and `tool_choice` -> canonical tools, web search and choice. */


const FunctionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const CustomTool = z.object({
  type: z.literal('custom'),
  name: z.string().min(1),
  description: z.string().nullish(),
  format: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text') }),
      z.object({ type: z.literal('grammar'), syntax: z.enum(['lark', 'regex']), definition: z.string() }),
    ])
    .nullish(),
});

const NamespaceTool = z.object({
  name: z.string().min(1),
  tools: z.array(z.unknown()),
});

const WebSearchTool = z.object({
  filters: z.object({ allowed_domains: z.array(z.string()).nullish() }).nullish(),
});

const TypedTool = z.object({ type: z.string() });
const NamedTool = z.object({ type: z.enum(['function', 'custom']), name: z.string() });

/** The API's web search tool under each of its names (the dated ones are pinned versions). */
const WEB_SEARCH_TYPES: readonly string[] = ['web_search', 'web_search_preview', 'web_search_2025_08_26', 'web_search_preview_2025_03_11'];

export interface DecodedTools {
  tools: ToolDefinition[];
  webSearch?: NonNullable<CanonicalRequest['webSearch']>;
  /** The flat names of grouped tools, for calls to them in the conversation history. */
  names: NamespaceNames;
}

function dropped(path: string, type: string): string {
  return `${path}: tool type '${type}' dropped: only function, custom and namespace tools are carried when translating to another format`;
}

function functionDefinition(raw: unknown, path: string, name?: string): ToolDefinition {
  const tool = parseAt(FunctionTool, raw, path);
  return functionToolDefinition({ ...tool, name: name ?? tool.name });
}

function customDefinition(raw: unknown, path: string, name?: string): ToolDefinition {
  const tool = parseAt(CustomTool, raw, path);
  return customToolDefinition({
    name: name ?? tool.name,
    ...(tool.description != null ? { description: tool.description } : {}),
    ...(tool.format != null ? { format: tool.format } : {}),
  });
}

function namespaceMembers(raw: unknown, path: string, names: NamespaceNames, warn: Warn): ToolDefinition[] {
  const group = parseAt(NamespaceTool, raw, path);
  const out: ToolDefinition[] = [];
  group.tools.forEach((member, j) => {
    const memberPath = `${path}.tools[${j}]`;
    const { type } = parseAt(TypedTool, member, memberPath);
    if (type !== 'function' && type !== 'custom') return warn(dropped(memberPath, type));
    const { name } = parseAt(NamedTool, member, memberPath);
    if (names.has(group.name, name)) return warn(`${memberPath}: a second '${name}' in namespace '${group.name}' dropped`);
    const flat = names.assign(group.name, name);
    const tool = type === 'function' ? functionDefinition(member, memberPath, flat) : customDefinition(member, memberPath, flat);
    out.push({ ...tool, namespaced: { namespace: group.name, name } });
  });
  return out;
}

function webSearchOf(raw: unknown, path: string, known: DecodedTools['webSearch']): NonNullable<DecodedTools['webSearch']> {
  const tool = parseAt(WebSearchTool, raw, path);
  const allowed = tool.filters?.allowed_domains;
  if (allowed == null || allowed.length === 0) return known ?? {};
  return { ...known, allowedDomains: [...(known?.allowedDomains ?? []), ...allowed] };
}

export function decodeTools(raw: unknown[], warn: Warn): DecodedTools {
  // Top-level tools keep their names, so grouped tools are named around them.
  const reserved = raw.flatMap((tool) => {
    const named = NamedTool.safeParse(tool);
    return named.success ? [named.data.name] : [];
  });
  const names = new NamespaceNames(reserved);
  const tools: ToolDefinition[] = [];
  let webSearch: DecodedTools['webSearch'];
  raw.forEach((tool, i) => {
    const path = `tools[${i}]`;
    const { type } = parseAt(TypedTool, tool, path);
    if (type === 'function') tools.push(functionDefinition(tool, path));
    else if (type === 'custom') tools.push(customDefinition(tool, path));
    else if (type === 'namespace') tools.push(...namespaceMembers(tool, path, names, warn));
    else if (WEB_SEARCH_TYPES.includes(type)) webSearch = webSearchOf(tool, path, webSearch);
    else warn(dropped(path, type));
  });
  return webSearch === undefined ? { tools, names } : { tools, webSearch, names };
}

const ToolChoiceObject = z.object({ type: z.string(), name: z.string().optional(), mode: z.string().optional() });

/** `undefined` when the choice names a tool the translation does not carry (then: auto). */
export function decodeToolChoice(raw: unknown, warn: Warn): ToolChoice | undefined {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { type: raw };
  if (typeof raw === 'string') throw new RequestError(`tool_choice: expected 'auto', 'none', 'required' or {type:'function', name}, got '${raw}'`);
  const choice = parseAt(ToolChoiceObject, raw, 'tool_choice');
  if (choice.type === 'function' || choice.type === 'custom') {
    if (choice.name === undefined || choice.name === '') throw new RequestError('tool_choice.name: required');
    return { type: 'tool', name: choice.name };
  }
  if (choice.type === 'allowed_tools') {
    // The restriction to a subset has no canonical form; its mode does.
    warn("tool_choice: the 'allowed_tools' list dropped: only its mode is carried when translating");
    return { type: choice.mode === 'required' ? 'required' : 'auto' };
  }
  warn(`tool_choice: choice of the '${choice.type}' tool dropped: it is not carried when translating (the model chooses)`);
  return undefined;
}
