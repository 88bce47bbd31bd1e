/**
 * The mock's rule for coding agents: a prompt that says "read the file(s) <absolute paths>"
 * makes the model call the agent's own file-reading tool once per file, in order, and then
 * answer with everything the tools returned. It is what a real model does with such a
 * prompt, and it lets a test prove that a tool loop went all the way through a real coding
 * CLI: the final answer can only contain a file's text if the CLI ran its tool and sent the
 * result back through the gateway.
 *
 * The agent's tools are read from the request in whichever wire format it arrived:
 * a read tool (Claude Code `Read`, Gemini CLI / Qwen Code `read_file`, OpenCode `read`, ...)
 * is preferred and called with its path parameter; otherwise a shell tool (Codex
 * `shell` / `exec_command`, `run_shell_command`, `bash`) is called with `cat <path>`.
 */
import { asArray, asString, isRecord, type Json } from './narrow.js';
import type { MockFormat } from './types.js';

export interface AgentTask {
  /** Absolute paths, in the order the prompt names them. */
  files: string[];
  /** Tool results already in the conversation, oldest first. */
  results: string[];
  /** The call to make next, or undefined when every file has been read (or no tool fits). */
  nextCall?: { name: string; arguments: string };
}

interface OfferedTool {
  name: string;
  parameters: Json;
}

const TASK = /\bread (?:the )?files?:? ((?:\/[^\s,]+\.txt(?:,? (?:and )?)?)+)/i;
const READ_TOOLS = new Set(['read', 'read_file', 'readfile', 'view', 'read_text_file']);
const SHELL_TOOLS = new Set(['shell', 'exec_command', 'bash', 'run_shell_command', 'shell_command', 'run_terminal_command', 'terminal']);
const PATH_PARAMS = ['file_path', 'absolute_path', 'filePath', 'path', 'filepath', 'file', 'filename'];

/** Finds an agent task in the request, or undefined when the prompt asks for none. */
export function agentTask(format: MockFormat, body: unknown): AgentTask | undefined {
  if (!isRecord(body)) return undefined;
  const facts = FACTS[format](body);
  let files: string[] | undefined;
  for (const text of facts.userTexts) {
    const match = TASK.exec(text);
    if (match) {
      files = match[1]!.match(/\/[^\s,]+\.txt/g) ?? [];
      break;
    }
  }
  if (!files || files.length === 0) return undefined;
  const task: AgentTask = { files, results: facts.results };
  const next = files[facts.results.length];
  if (next !== undefined) {
    const call = callFor(facts.tools, next);
    if (call) task.nextCall = call;
  }
  return task;
}

function baseName(name: string): string {
  // Namespaced or prefixed tool names (mcp__server__tool, ns.tool) end in the tool's own name.
  return name.split(/__|\./).pop()!.toLowerCase();
}

function callFor(tools: OfferedTool[], path: string): { name: string; arguments: string } | undefined {
  const reader = tools.find((t) => READ_TOOLS.has(baseName(t.name)));
  if (reader) {
    const props = isRecord(reader.parameters.properties) ? reader.parameters.properties : {};
    const param = PATH_PARAMS.find((p) => p in props) ?? 'path';
    return { name: reader.name, arguments: JSON.stringify({ [param]: path }) };
  }
  const shell = tools.find((t) => SHELL_TOOLS.has(baseName(t.name)));
  if (shell) {
    const props = isRecord(shell.parameters.properties) ? shell.parameters.properties : {};
    const key = 'command' in props ? 'command' : 'cmd' in props ? 'cmd' : 'command';
    const schema = props[key];
    const asList = isRecord(schema) && String(schema.type).toLowerCase() === 'array';
    return { name: shell.name, arguments: JSON.stringify({ [key]: asList ? ['cat', path] : `cat ${path}` }) };
  }
  return undefined;
}

interface Facts {
  userTexts: string[];
  results: string[];
  tools: OfferedTool[];
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  const parts = asArray(content) ?? [];
  return parts
    .map((p) => (typeof p === 'string' ? p : isRecord(p) ? (asString(p.text) ?? asString(p.output) ?? (p.type === 'tool_result' ? textOf(p.content) : '')) : ''))
    .join('\n');
}

function schemaOf(value: unknown): Json {
  return isRecord(value) ? value : {};
}

const FACTS: Record<MockFormat, (body: Json) => Facts> = {
  anthropic(body) {
    const facts: Facts = { userTexts: [], results: [], tools: [] };
    for (const t of asArray(body.tools) ?? []) {
      if (isRecord(t) && typeof t.name === 'string' && isRecord(t.input_schema)) facts.tools.push({ name: t.name, parameters: t.input_schema });
    }
    for (const m of asArray(body.messages) ?? []) {
      if (!isRecord(m) || m.role !== 'user') continue;
      if (typeof m.content === 'string') facts.userTexts.push(m.content);
      for (const b of asArray(m.content) ?? []) {
        if (!isRecord(b)) continue;
        if (b.type === 'text' && typeof b.text === 'string') facts.userTexts.push(b.text);
        if (b.type === 'tool_result') facts.results.push(textOf(b.content));
      }
    }
    return facts;
  },
  'openai-chat'(body) {
    const facts: Facts = { userTexts: [], results: [], tools: [] };
    for (const t of asArray(body.tools) ?? []) {
      if (isRecord(t) && isRecord(t.function) && typeof t.function.name === 'string') {
        facts.tools.push({ name: t.function.name, parameters: schemaOf(t.function.parameters) });
      }
    }
    for (const m of asArray(body.messages) ?? []) {
      if (!isRecord(m)) continue;
      if (m.role === 'user') facts.userTexts.push(textOf(m.content));
      if (m.role === 'tool') facts.results.push(textOf(m.content));
    }
    return facts;
  },
  'openai-responses'(body) {
    const facts: Facts = { userTexts: [], results: [], tools: [] };
    for (const t of asArray(body.tools) ?? []) {
      if (isRecord(t) && t.type === 'function' && typeof t.name === 'string') facts.tools.push({ name: t.name, parameters: schemaOf(t.parameters) });
    }
    if (typeof body.input === 'string') facts.userTexts.push(body.input);
    for (const item of asArray(body.input) ?? []) {
      if (!isRecord(item)) continue;
      if (item.role === 'user') facts.userTexts.push(textOf(item.content));
      if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') facts.results.push(textOf(item.output));
    }
    return facts;
  },
  gemini(body) {
    const facts: Facts = { userTexts: [], results: [], tools: [] };
    for (const t of asArray(body.tools) ?? []) {
      for (const d of (isRecord(t) ? asArray(t.functionDeclarations) : undefined) ?? []) {
        if (isRecord(d) && typeof d.name === 'string') facts.tools.push({ name: d.name, parameters: schemaOf(d.parametersJsonSchema ?? d.parameters) });
      }
    }
    for (const c of asArray(body.contents) ?? []) {
      if (!isRecord(c) || c.role === 'model') continue;
      for (const p of asArray(c.parts) ?? []) {
        if (!isRecord(p)) continue;
        if (typeof p.text === 'string') facts.userTexts.push(p.text);
        if (isRecord(p.functionResponse)) facts.results.push(JSON.stringify(p.functionResponse.response ?? {}));
      }
    }
    return facts;
  },
};
