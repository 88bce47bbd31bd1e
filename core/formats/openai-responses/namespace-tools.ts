import type { ToolDefinition } from '../canonical.js';

/**
 * OpenAI Responses `namespace` tools group function and custom tools under one name (Codex
 * sends each MCP server's tools as one, e.g. namespace `mcp__github__` holding the function
 * `create_issue`), and a call to a grouped tool comes back as a function_call (or
 * custom_tool_call) item that carries `name` and `namespace` apart. No other format has
 * namespaces, so the canonical model flattens every grouped tool into an ordinary tool with
 * one name and keeps the pair in ToolDefinition.namespaced.
 *
 * The flat name, the one rule:
 *   1. `<namespace without trailing "_">__<name without leading "_">`, Codex's own flat form
 *      (`mcp__github__` + `create_issue` -> `mcp__github__create_issue`);
 *   2. every character outside [a-zA-Z0-9_-] becomes `_`, and a name that does not start
 *      with a letter or `_` gets a `_` in front;
 *   3. a name longer than 64 characters, or one already taken (by a top-level tool, which
 *      keeps its name, or by an earlier grouped tool), is cut to 55 characters and gets
 *      `_<8 hex digits>` appended, an FNV-1a hash of the namespace and name; if even that is
 *      taken, `_2`, `_3`, ... replace the end.
 * Such a name is accepted by every provider: OpenAI ([a-zA-Z0-9_-]{1,64}), Anthropic
 * ([a-zA-Z0-9_-]{1,128}) and Gemini (a letter or `_` first, at most 64 characters).
 *
 * The way back is never parsed out of a name: the Responses encoders look the flat name up
 * in the request's tools, and the decoder maps a call in the history through the names the
 * same request declared.
 */

const MAX_NAME = 64;
const HASH_SUFFIX = 9; // `_` + 8 hex digits

/** Steps 1 and 2 of the rule: the flat name before any clash is resolved. */
export function baseFlatName(namespace: string, name: string): string {
  const joined = `${namespace.replace(/_+$/, '')}__${name.replace(/^_+/, '')}`;
  const clean = joined.replace(/[^a-zA-Z0-9_-]/g, '_');
  return /^[a-zA-Z_]/.test(clean) ? clean : `_${clean}`;
}

/** 32-bit FNV-1a over the UTF-16 units, as 8 hex digits: short, stable, no dependency. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function pairKey(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

/** The flat names of one request's grouped tools (built while its tools are decoded). */
export class NamespaceNames {
  private readonly taken: Set<string>;
  private readonly byPair = new Map<string, string>();

  /** `reserved`: the names of the request's top-level tools, which keep them. */
  constructor(reserved: Iterable<string>) {
    this.taken = new Set(reserved);
  }

  /** Whether the pair was declared already (a second declaration adds nothing). */
  has(namespace: string, name: string): boolean {
    return this.byPair.has(pairKey(namespace, name));
  }

  /** Names a declared grouped tool (step 3 of the rule resolves clashes and length). */
  assign(namespace: string, name: string): string {
    const key = pairKey(namespace, name);
    const known = this.byPair.get(key);
    if (known !== undefined) return known;
    const base = baseFlatName(namespace, name);
    let flat = base;
    if (flat.length > MAX_NAME || this.taken.has(flat)) {
      const stem = base.slice(0, MAX_NAME - HASH_SUFFIX);
      flat = `${stem}_${fnv1a(key)}`;
      for (let n = 2; this.taken.has(flat); n++) {
        const suffix = `_${n}`;
        flat = `${stem}_${fnv1a(key)}`.slice(0, MAX_NAME - suffix.length) + suffix;
      }
    }
    this.taken.add(flat);
    this.byPair.set(key, flat);
    return flat;
  }

  /**
   * The flat name a call in the conversation history refers to: the one this request
   * declared for the pair, or (the tool is no longer offered) the rule's base name.
   */
  lookup(namespace: string, name: string): string {
    return this.byPair.get(pairKey(namespace, name)) ?? baseFlatName(namespace, name);
  }
}

export interface WireToolName {
  name: string;
  namespace?: string;
}

/** Flat tool name -> the name and namespace its calls carry back to a Responses client. */
export function namespacedNames(tools: readonly ToolDefinition[] | undefined): Map<string, { namespace: string; name: string }> {
  const out = new Map<string, { namespace: string; name: string }>();
  for (const tool of tools ?? []) if (tool.namespaced) out.set(tool.name, tool.namespaced);
  return out;
}

/** How a call to the canonical tool `name` is named on the Responses wire. */
export function wireToolName(name: string, namespaced: ReadonlyMap<string, { namespace: string; name: string }>): WireToolName {
  const pair = namespaced.get(name);
  return pair ? { name: pair.name, namespace: pair.namespace } : { name };
}
