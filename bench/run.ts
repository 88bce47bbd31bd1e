/**
 * `npm run bench`: the gateway's overhead against the upstream called directly, in the same
 * run on the same machine. Starts the fast upstream, two gateways (`serve`, request log on
 * and off), a bare reference proxy and the load worker as separate processes, measures every
 * route in interleaved rounds (each figure is the median of the rounds), measures the direct
 * calls once more at the end so drift shows, then the gateway's memory. Prints one table;
 * `--json` prints the same as JSON. bench/README.md explains every option.
 *
 *   npm run bench -- [--runs 3] [--json] [--out FILE] [--gateway bundle|tsx] [--cpu-prof]
 *                    [--only ROUTE,...] [--phases nonstream,stream,memory] [--held 1000] [--quick]
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readCpuMs, readSystemBusyMs } from './cpu-time.js';
import { httpRun, sanityCheck, streamRun } from './measure.js';
import type { Durations } from './measure.js';
import { memoryPhase } from './memory-phase.js';
import { readRss } from './memory.js';
import { buildGatewayBundle, ROOT, startFastUpstream, startGateway, startLoadWorker, startReferenceProxy } from './processes.js';
import type { GatewayRunner, RunningProcess } from './processes.js';
import { bundleSourceMap, renderProfileSummary, summarizeProfile } from './profile-summary.js';
import { renderFigureTable } from './report.js';
import type { MemoryReport } from './report.js';
import { measureNonStream, measureStreams, RouteFigures } from './route-figures.js';
import type { Bench } from './route-figures.js';
import { DIRECT_SCENARIOS, REFERENCE_SCENARIO, SCENARIOS } from './scenarios.js';
import type { Endpoints } from './scenarios.js';
import { evaluateTargets, renderTargetTable } from './targets.js';

function usageError(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function parseBenchArgs() {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string', default: '3' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        gateway: { type: 'string', default: 'bundle' },
        'cpu-prof': { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        held: { type: 'string', default: '1000' },
        only: { type: 'string' },
        phases: { type: 'string', default: 'nonstream,stream,memory' },
      },
    }).values;
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
}

const args = parseBenchArgs();

// --only narrows the gateway routes (the direct calls always run: they are the reference),
// --phases the kinds of measurement; both are for profiling one thing at a time.
const ROUTES = [...SCENARIOS, REFERENCE_SCENARIO];
const only = args.only?.split(',').map((id) => id.trim());
if (only) {
  const unknown = only.filter((id) => !ROUTES.some((s) => s.id === id));
  if (unknown.length) usageError(`--only: unknown route ${unknown.join(', ')}; known: ${ROUTES.map((s) => s.id).join(', ')}`);
}
const selected = ROUTES.filter((s) => s.via === 'direct' || !only || only.includes(s.id));
const streamed = selected.filter((s) => s.via !== 'reference');
const phases = new Set(args.phases.split(',').map((p) => p.trim()));

const runs = args.quick ? 1 : Number(args.runs);
const durations: Durations = args.quick
  ? { c1Sec: 1, c50Sec: 1, streamsPerRun: 20, floodStreamsPerRun: 30, warmupSec: 0.5, rewarmSec: 0.2 }
  : { c1Sec: 1.5, c50Sec: 2, streamsPerRun: 50, floodStreamsPerRun: 60, warmupSec: 1, rewarmSec: 0.3 };
const heldCount = Number(args.held);
if (!Number.isInteger(runs) || runs < 1) usageError(`--runs must be a positive integer, got ${args.runs}`);
if (!Number.isInteger(heldCount) || heldCount < 1) usageError(`--held must be a positive integer, got ${args.held}`);
const HOLD_MS = 4000;
/** A fast provider's token rate: 200 chunks in about a fifth of a second. */
const CHUNK_INTERVAL_MS = 1;

// With --json the JSON document owns stdout; progress and the table go to stderr.
const say = (line: string) => (args.json ? process.stderr : process.stdout).write(line + '\n');
const startedAt = Date.now();
const progress = (line: string) => process.stderr.write(`  [${Math.round((Date.now() - startedAt) / 1000)} s] ${line}\n`);

/** Which gateway code is measured: the commit, and whether core/ differs from it. */
function sourceState(): { commit: string; coreChanged: boolean } | null {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (rev.status !== 0) return null;
  const status = spawnSync('git', ['status', '--porcelain', '--', 'core'], { cwd: ROOT, encoding: 'utf8' });
  return { commit: rev.stdout.trim(), coreChanged: status.stdout.trim() !== '' };
}

async function main(): Promise<void> {
  const started = Date.now();
  const source = sourceState();
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  };
  say(`OmniRoute gateway benchmark, ${new Date().toISOString()}`);
  say(`${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);
  say(source ? `gateway source: commit ${source.commit}${source.coreChanged ? ' with uncommitted changes in core/' : ''}` : 'gateway source: not a git checkout');

  let runner: GatewayRunner;
  if (args.gateway === 'tsx') runner = { kind: 'tsx' };
  else if (args.gateway === 'bundle') runner = { kind: 'bundle', file: await buildGatewayBundle() };
  else usageError(`--gateway must be bundle or tsx, got ${args.gateway}`);

  const tmp = await mkdtemp(join(tmpdir(), 'omniroute-bench-'));
  const profileDir = join(ROOT, 'bench', 'results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  const processes: RunningProcess[] = [];
  const worker = await startLoadWorker();
  try {
    const upstream = await startFastUpstream({ chunkIntervalMs: CHUNK_INTERVAL_MS, holdMs: HOLD_MS, holdIntervalMs: 1000 });
    processes.push(upstream);
    const cpuProfDir = args['cpu-prof'] ? profileDir : undefined;
    const gwLog = await startGateway({ runner, dataDir: join(tmp, 'log'), requestLog: true, upstreamUrl: upstream.url, ...(cpuProfDir ? { cpuProfDir } : {}) });
    processes.push(gwLog);
    const gwNoLog = await startGateway({ runner, dataDir: join(tmp, 'nolog'), requestLog: false, upstreamUrl: upstream.url });
    processes.push(gwNoLog);
    // Left alone until the memory phase: its RSS then is the gateway's idle footprint once V8
    // has run its idle-time GC, which a just-started process has not.
    const gwIdle = phases.has('memory') ? await startGateway({ runner, dataDir: join(tmp, 'idle'), requestLog: true, upstreamUrl: upstream.url }) : null;
    const gwIdleStarted = Date.now();
    if (gwIdle) processes.push(gwIdle);
    const reference = selected.includes(REFERENCE_SCENARIO) ? await startReferenceProxy(upstream.url) : null;
    if (reference) processes.push(reference);
    const endpoints: Endpoints = { upstream: upstream.url, gatewayLog: gwLog.url, gatewayNoLog: gwNoLog.url, reference: reference?.url ?? '' };
    const pids = { direct: upstream.pid, 'gateway-log': gwLog.pid, 'gateway-nolog': gwNoLog.pid, reference: reference?.pid ?? upstream.pid };
    const bench: Bench = { worker, endpoints, pids, durations, progress };
    const routeFigures = new RouteFigures();

    await new Promise((r) => setTimeout(r, 1500));
    const idleBytes = await readRss(gwLog.pid);
    const idleNoLogBytes = await readRss(gwNoLog.pid);

    say(`gateway run by ${runner.kind === 'bundle' ? 'node on an esbuild bundle' : 'node --import tsx'}; ${runs} run(s) per figure`);
    progress('checking every route answers, then warming up');
    for (const s of selected) {
      await sanityCheck(endpoints, s);
      await httpRun(worker, endpoints, s, 10, durations.warmupSec);
      if (s.via === 'reference') continue;
      await streamRun(worker, endpoints, s, 10, 'paced');
      await streamRun(worker, endpoints, s, 20, 'flood');
    }

    // Everything else running on the machine while the figures are taken: the benchmark's own
    // processes are subtracted from the machine's busy time.
    const ours = [upstream.pid, gwLog.pid, gwNoLog.pid, worker.pid, ...(reference ? [reference.pid] : [])];
    const ownCpu = async () => (await Promise.all(ours.map(readCpuMs))).reduce((a, b) => a + b, 0) + process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
    const figuresStart = { wall: Date.now(), busy: await readSystemBusyMs(), own: await ownCpu() };

    if (phases.has('nonstream')) {
      for (let round = 1; round <= runs; round++) {
        progress(`request/response, round ${round} of ${runs}`);
        await measureNonStream(bench, routeFigures, selected, 'main');
      }
    }
    const afterLoadBytes = await readRss(gwLog.pid);
    if (phases.has('stream')) {
      for (let round = 1; round <= runs; round++) {
        progress(`streaming, round ${round} of ${runs}`);
        for (const s of streamed) await measureStreams(bench, routeFigures, s, 'main');
      }
    }
    // One more round of the direct calls: how far the machine drifted since the first rounds.
    progress('direct calls again');
    if (phases.has('nonstream')) await measureNonStream(bench, routeFigures, DIRECT_SCENARIOS, 'repeat');
    if (phases.has('stream')) for (const s of DIRECT_SCENARIOS) await measureStreams(bench, routeFigures, s, 'repeat');

    const otherCores = ((await readSystemBusyMs()) - figuresStart.busy - ((await ownCpu()) - figuresStart.own)) / (Date.now() - figuresStart.wall);
    const notes: string[] = [];
    let memory: MemoryReport | undefined;
    if (phases.has('memory') && gwIdle) {
      const idleSettledAfterSec = (Date.now() - gwIdleStarted) / 1000;
      const idleSettledBytes = await readRss(gwIdle.pid);
      await gwIdle.stop();
      const m = await memoryPhase({
        runner,
        dataDir: join(tmp, 'memory'),
        endpoints,
        worker,
        heldCount,
        holdMs: HOLD_MS,
        rounds: args.quick ? 3 : 4,
        roundSec: durations.c50Sec,
        progress,
      });
      if (m.held.failed > 0) notes.push(`${m.held.failed} of ${m.held.requested} long streams failed: ${m.held.firstFailure ?? ''}`);
      if (m.held.open < m.held.requested) notes.push(`only ${m.held.open} of ${m.held.requested} long streams were open at the same time`);
      memory = {
        idleBytes,
        idleNoLogBytes,
        idleSettledBytes,
        idleSettledAfterSec,
        afterLoadBytes,
        warmBytes: m.warmBytes,
        heldRequested: m.held.requested,
        heldOpen: m.held.open,
        heldPeakBytes: m.held.peakBytes,
        afterHeldBytes: m.held.afterBytes,
        growthRounds: m.growth.rounds,
        growthRssBytesPerRequest: m.growth.rssBytesPerRequest,
        growthHeapBytesPerRequest: m.growth.heapBytesPerRequest,
      };
    }
    const figures = routeFigures.build(ROUTES);
    const targets = evaluateTargets(figures, memory);

    say('');
    say(renderFigureTable(figures, memory));
    say('');
    say(renderTargetTable(targets));
    say(`other processes on the machine used ${Math.max(0, otherCores).toFixed(2)} of ${machine.cores} cores on average while the latency and throughput figures were taken`);
    for (const note of notes) say(`note: ${note}`);
    say(`\n${((Date.now() - started) / 1000).toFixed(0)} s in all; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

    const document = {
      date: new Date(started).toISOString(),
      machine,
      source,
      gatewayRunner: runner.kind,
      otherProcessesCores: Math.max(0, otherCores),
      runs,
      durations,
      figures,
      memory,
      targets,
      notes,
    };
    const text = JSON.stringify(document, null, 2);
    if (args.json) process.stdout.write(text + '\n');
    const out = args.out ?? join(ROOT, 'bench', 'results', 'latest.json');
    await mkdir(join(out, '..'), { recursive: true });
    await writeFile(out, text + '\n');
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await worker.stop();
    await rm(tmp, { recursive: true, force: true });
  }

  if (args['cpu-prof']) {
    // One file per thread (tsx adds a loader thread); the main thread is the busiest.
    const summaries = [];
    // Node names a script by its real path (node_modules may be a symlink).
    const bundle = runner.kind === 'bundle' ? { url: pathToFileURL(await realpath(runner.file)).href, source: bundleSourceMap(await readFile(runner.file, 'utf8')) } : null;
    const resolveSource = (url: string, line: number) => (bundle && url === bundle.url ? bundle.source(line) : undefined);
    for (const file of (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'))) {
      const path = join(profileDir, file);
      summaries.push({ path, summary: summarizeProfile(JSON.parse(await readFile(path, 'utf8')), { resolveSource }) });
    }
    summaries.sort((a, b) => b.summary.busyMs - a.summary.busyMs);
    const [main] = summaries;
    if (main) {
      say(`\nCPU profile of the gateway with the request log on (figures above are distorted by the profiler): ${main.path}\n`);
      say(renderProfileSummary(main.summary));
    }
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
