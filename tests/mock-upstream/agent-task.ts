/**
 * The mock's rule for coding agents: a prompt that says "read the file(s) <absolute paths>"
 * makes the model call the agent's own file-reading tool once per file, in order, and then
 * answer with everything the tools returned. It is what a real model does with such a
 * prompt, and it lets a test prove that a tool loop went all the way through a real coding
 * CLI: the final answer can only contain a file's text if the CLI ran its tool and sent the
 * result back through the gateway.
 *
 * The agent's tools, user texts and tool results come from the Conversation that the
 * format's validator reduced the request to (types.ts), so all four formats read them alike:
 * a read tool (Claude Code `Read`, Gemini CLI / Qwen Code `read_file`, OpenCode `read`, ...)
 * is preferred and called with its path parameter; otherwise a shell tool (Codex
 * `shell` / `exec_command`, `run_shell_command`, `bash`) is called with `cat <path>`.
 */
import { isRecord } from './narrow.js';
import type { Conversation, OfferedTool } from './types.js';

export interface AgentTask {
  /** Absolute paths, in the order the prompt names them. */
  files: string[];
  /** Tool results already in the conversation, oldest first. */
  results: string[];
  /** The call to make next, or undefined when every file has been read (or no tool fits). */
  nextCall?: { name: string; arguments: string };
}

const TASK = /\bread (?:the )?files?:? ((?:\/[^\s,]+\.txt(?:,? (?:and )?)?)+)/i;
const READ_TOOLS = new Set(['read', 'read_file', 'readfile', 'view', 'read_text_file']);
const SHELL_TOOLS = new Set(['shell', 'exec_command', 'bash', 'run_shell_command', 'shell_command', 'run_terminal_command', 'terminal']);
const PATH_PARAMS = ['file_path', 'absolute_path', 'filePath', 'path', 'filepath', 'file', 'filename'];

/** Finds an agent task in the request, or undefined when the prompt asks for none. */
export function agentTask(conversation: Conversation): AgentTask | undefined {
  let files: string[] | undefined;
  for (const text of conversation.userTexts) {
    const match = TASK.exec(text);
    if (match) {
      files = match[1]!.match(/\/[^\s,]+\.txt/g) ?? [];
      break;
    }
  }
  if (!files || files.length === 0) return undefined;
  const task: AgentTask = { files, results: conversation.toolResults };
  const next = files[conversation.toolResults.length];
  if (next !== undefined) {
    const call = callFor(conversation.offeredTools, next);
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
