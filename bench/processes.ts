/** The benchmark's three kinds of process: the fast upstream, the gateway (`serve`) and the load worker. */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { gatewayConfigYaml } from './gateway-config.js';
import { inspectorUrlFrom } from './inspector.js';
import { replySchema } from './worker-protocol.js';
import type { Job } from './worker-protocol.js';

export const ROOT = join(import.meta.dirname, '..');

/**
 * `serve` bundled into one ES module, run by plain `node`. It sits under node_modules so the
 * native modules left external resolve from the project's node_modules.
 */
export async function buildGatewayBundle(): Promise<string> {
  const outfile = join(ROOT, 'node_modules', '.cache', 'omniroute-bench', 'serve.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['core/cli/serve.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'keytar'],
    logLevel: 'warning',
    // Bundled CommonJS dependencies still call require(); give the ES module one.
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  return outfile;
}

export type GatewayRunner = { kind: 'bundle'; file: string } | { kind: 'tsx' };

export interface RunningProcess {
  pid: number;
  url: string;
  /** The inspector's ws:// address, for a gateway started with `inspect`. */
  inspectorUrl?: string;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startGateway(opts: {
  runner: GatewayRunner;
  dataDir: string;
  requestLog: boolean;
  upstreamUrl: string;
  cpuProfDir?: string;
  /** Open the V8 inspector on 127.0.0.1 (for forced GC and heap readings). */
  inspect?: boolean;
}): Promise<RunningProcess> {
  await mkdir(opts.dataDir, { recursive: true });
  const configPath = join(opts.dataDir, 'bench-config.yaml');
  await writeFile(configPath, gatewayConfigYaml(opts.upstreamUrl, opts.requestLog));
  const nodeArgs = [...(opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : []), ...(opts.inspect ? ['--inspect=127.0.0.1:0'] : [])];
  const entry = opts.runner.kind === 'bundle' ? [opts.runner.file] : ['--import', 'tsx', join(ROOT, 'core/cli/serve.ts')];
  const args = [...nodeArgs, ...entry, '--host', '127.0.0.1', '--port', '0', '--data-dir', opts.dataDir, '--config', configPath];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, OMNIROUTE_SECRET_KEY: '5e'.repeat(32) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  while (!stdout.includes('\n') && child.exitCode === null) {
    await Promise.race([once(child.stdout, 'data'), once(child, 'exit')]);
  }
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  if (!url || child.pid === undefined) {
    await stopChild(child);
    throw new Error(`the gateway did not start:\n${stdout}${stderr}`);
  }
  const inspectorUrl = inspectorUrlFrom(stderr);
  if (opts.inspect && !inspectorUrl) {
    await stopChild(child);
    throw new Error(`the gateway did not open its inspector:\n${stderr}`);
  }
  return { pid: child.pid, url, ...(inspectorUrl ? { inspectorUrl } : {}), stop: () => stopChild(child) };
}

function forkTs(file: string, args: string[]): ChildProcess {
  return fork(join(ROOT, 'bench', file), args, { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Forks a bench process that reports `{ port }` over IPC once it listens. */
async function startListening(file: string, args: string[], what: string): Promise<RunningProcess> {
  const child = forkTs(file, args);
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit')])) as unknown[];
  const port = typeof message === 'object' && message !== null && 'port' in message ? Number(message.port) : Number.NaN;
  if (!Number.isInteger(port) || child.pid === undefined) {
    await stopChild(child);
    throw new Error(`${what} did not start`);
  }
  return { pid: child.pid, url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

export function startFastUpstream(opts: { chunkIntervalMs: number; holdMs: number; holdIntervalMs: number }): Promise<RunningProcess> {
  const args = ['--chunk-interval-ms', String(opts.chunkIntervalMs), '--hold-ms', String(opts.holdMs), '--hold-interval-ms', String(opts.holdIntervalMs)];
  return startListening('fast-upstream.ts', args, 'the fast upstream');
}

export function startReferenceProxy(upstreamUrl: string): Promise<RunningProcess> {
  return startListening('reference-proxy.ts', [upstreamUrl], 'the reference proxy');
}

export interface LoadWorker {
  pid: number;
  run(job: Job): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startLoadWorker(): Promise<LoadWorker> {
  const child = forkTs('load-worker.ts', []);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (ready = r));
  child.on('message', (message: unknown) => {
    const reply = replySchema.safeParse(message);
    if (!reply.success) return;
    if (reply.data.id === 0) return ready();
    const waiter = pending.get(reply.data.id);
    if (!waiter) return;
    pending.delete(reply.data.id);
    if (reply.data.ok) waiter.resolve(reply.data.result);
    else waiter.reject(new Error(`load worker: ${reply.data.error}`));
  });
  child.on('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`the load worker exited (${code})`));
    pending.clear();
  });
  await Promise.race([readyPromise, once(child, 'exit').then(() => Promise.reject(new Error('the load worker did not start')))]);
  if (child.pid === undefined) throw new Error('the load worker did not start');
  let nextId = 1;
  return {
    pid: child.pid,
    run(job) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, job });
      });
    },
    stop: () => stopChild(child),
  };
}
