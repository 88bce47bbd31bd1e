/**
 * Runs one real coding CLI once, in a throwaway HOME and working directory, through a
 * recording proxy in front of the gateway, and returns its answer and what it sent.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecordingProxy, type RecordedCall } from './recording-proxy.js';
import { quietEnv, type CliTool } from './tools.js';

export interface ToolRun {
  answer: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  calls: RecordedCall[];
}

export interface ToolRunOptions {
  tool: CliTool;
  gatewayUrl: string;
  model: string;
  apiKey: string;
  /** Builds the prompt from the working directory (where `files` were written). */
  prompt(workdir: string): string;
  /** Files to create in the working directory first: name -> content. */
  files?: Record<string, string>;
  thinking?: boolean;
  timeoutMs?: number;
}

/** Variables of the test process that must not leak into a tool (its own keys, our keyring). */
const WITHHELD = /^(ANTHROPIC_|OPENAI_|GEMINI_|GOOGLE_|CODEX_|DBUS_|OMNIROUTE_|NODE_OPTIONS$|NODE_TEST|npm_)/;

function baseEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !WITHHELD.test(name)) out[name] = value;
  }
  return out;
}

export async function runTool(opts: ToolRunOptions): Promise<ToolRun> {
  const home = await mkdtemp(join(tmpdir(), `omniroute-cli-${opts.tool.id}-home-`));
  const workdir = await mkdtemp(join(tmpdir(), `omniroute-cli-${opts.tool.id}-work-`));
  const proxy = await startRecordingProxy(opts.gatewayUrl);
  try {
    for (const [name, content] of Object.entries(opts.files ?? {})) await writeFile(join(workdir, name), content);
    const invocation = await opts.tool.prepare({
      gatewayUrl: proxy.url,
      model: opts.model,
      apiKey: opts.apiKey,
      home,
      workdir,
      prompt: opts.prompt(workdir),
      ...(opts.thinking ? { thinking: true } : {}),
    });
    const child = spawn(invocation.command, invocation.args, {
      cwd: workdir,
      env: { ...baseEnv(), ...quietEnv(home), ...invocation.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timeoutMs = opts.timeoutMs ?? 90_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timer);
    let answer: string;
    try {
      answer = await invocation.answer(stdout);
    } catch (err) {
      throw new Error(`${opts.tool.id} (${opts.model}) gave no answer (exit ${exitCode}): ${String(err)}\nstderr: ${stderr.slice(-3000)}\nstdout: ${stdout.slice(-3000)}`);
    }
    return { answer, stdout, stderr, exitCode, calls: proxy.calls };
  } finally {
    await proxy.close();
    await rm(home, { recursive: true, force: true });
    await rm(workdir, { recursive: true, force: true });
  }
}
