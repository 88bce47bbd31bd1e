/**
 * Start-up time and idle memory of `serve`, run through tsx from source (how `npm run serve`
 * ran before issue 12; with tsx's transform cache warm and cold) against the built bundle
 * under plain node (how it runs now).
 *
 *   node --import tsx bench/startup.ts [--runs 7] [--idle-ms 5000]
 *
 * Each run gets a fresh data dir and port 0 on 127.0.0.1; the ways take turns (forward, then
 * backward) so drift of the machine spreads over all. Start-up is the time from spawn() to
 * the first 200 from /health; memory is VmRSS after --idle-ms of idling, of the node process
 * and of it with its child processes (tsx starts an esbuild service when it has to compile).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { readRss } from './memory.js';
import { median } from './stats.js';

const ROOT = join(import.meta.dirname, '..');

interface Way {
  name: string;
  /** node's arguments before serve's own flags. */
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
}

const TSX = ['--import', 'tsx', 'core/cli/serve.ts'];
const WAYS: readonly Way[] = [
  // tsx keeps its transforms in a disk cache, so a second start compiles nothing...
  { name: 'before: tsx', args: TSX },
  // ...but the first start after a checkout or an edit compiles every file with esbuild.
  { name: 'before: tsx, cold cache', args: TSX, env: { TSX_DISABLE_CACHE: '1' } },
  { name: 'after: bundle', args: ['dist/cli/omniroute.js', 'serve'] },
];

interface Sample {
  startMs: number;
  rss: number;
  treeRss: number;
}

/** Every descendant; each thread lists its own children (tsx starts esbuild from its loader thread). */
async function childPids(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(tasks.map((t) => readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')));
  const direct = lists.join(' ').split(/\s+/).filter(Boolean).map(Number);
  const nested = await Promise.all(direct.map(childPids));
  return [...direct, ...nested.flat()];
}

async function treeRss(pid: number): Promise<number> {
  const pids = [pid, ...(await childPids(pid))];
  const rss = await Promise.all(pids.map((p) => readRss(p).catch(() => 0)));
  return rss.reduce((a, b) => a + b, 0);
}

async function firstHealthy(url: string, exited: () => boolean): Promise<void> {
  for (;;) {
    if (exited()) throw new Error('the gateway exited before /health answered');
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(5);
  }
}

async function measure(way: Way, idleMs: number): Promise<Sample> {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-startup-'));
  // A user's shell: no NODE_OPTIONS; the secret key in the environment, as in `npm run bench`,
  // so the keychain (and D-Bus) stays out of the figures.
  const env: NodeJS.ProcessEnv = { ...process.env, OMNIROUTE_SECRET_KEY: '5e'.repeat(32), ...way.env };
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const child = spawn(process.execPath, [...way.args, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  try {
    let url: string | undefined;
    while (!(url = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1])) {
      if (exited()) throw new Error(`${way.name} did not start:\n${stdout}${stderr}`);
      await Promise.race([once(child.stdout, 'data'), once(child, 'exit')]);
    }
    await firstHealthy(url, exited);
    const startMs = performance.now() - started;
    await sleep(idleMs);
    if (child.pid === undefined) throw new Error(`${way.name} has no pid`);
    return { startMs, rss: await readRss(child.pid), treeRss: await treeRss(child.pid) };
  } finally {
    if (!exited()) {
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

const MB = 1024 * 1024;

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, 'idle-ms': { type: 'string', default: '5000' } } });
  const runs = Number(values.runs);
  const idleMs = Number(values['idle-ms']);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isFinite(idleMs) || idleMs < 0) throw new Error('--runs must be a whole number >= 1 and --idle-ms a number >= 0');
  // Measure the bundle of the source as it is now, not whatever the last build left.
  execFileSync(process.execPath, ['scripts/build-serve.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' });

  const results = WAYS.map((way) => ({ way, samples: new Array<Sample>() }));
  for (let i = 0; i < runs; i++) {
    for (const { way, samples } of i % 2 === 0 ? results : [...results].reverse()) {
      const s = await measure(way, idleMs);
      samples.push(s);
      console.error(`run ${i + 1}/${runs} ${way.name}: /health after ${s.startMs.toFixed(0)} ms, RSS ${(s.rss / MB).toFixed(1)} MB (${(s.treeRss / MB).toFixed(1)} MB with children)`);
    }
  }

  // Other work on the machine slows start-up more than anything measured here; say how much there was.
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\nmedians of ${runs} runs each; RSS after ${idleMs / 1000} s idle; ${cpus().length} CPUs, load average ${load}\n`);
  console.log(row(['way', 'spawn to first /health', 'RSS, node', 'RSS, with child processes']));
  console.log(row(['---', '---', '---', '---']));
  for (const { way, samples } of results) {
    const mb = (pick: (s: Sample) => number) => `${(median(samples.map(pick)) / MB).toFixed(1)} MB`;
    console.log(row([way.name, `${median(samples.map((s) => s.startMs)).toFixed(0)} ms`, mb((s) => s.rss), mb((s) => s.treeRss)]));
  }
}

await main();
