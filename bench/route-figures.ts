/**
 * The latency, throughput and streaming figures of each route, recorded round by round and
 * turned into medians compared with the direct call.
 */
import { readCpuMs, waitQuiet } from './cpu-time.js';
import { httpRun, streamRun } from './measure.js';
import type { Durations } from './measure.js';
import type { LoadWorker } from './processes.js';
import { makeFigure, METRICS } from './report.js';
import type { Figure, Metric } from './report.js';
import { DIRECT_SCENARIOS } from './scenarios.js';
import type { Endpoints, Scenario } from './scenarios.js';
import { STREAM_CHUNKS } from './wire-fixtures.js';

type Phase = 'main' | 'repeat';

/** What a measurement needs: the load worker, the addresses, the process serving each route. */
export interface Bench {
  worker: LoadWorker;
  endpoints: Endpoints;
  pids: Record<Scenario['via'], number>;
  durations: Durations;
  progress(line: string): void;
}

/** Every value measured so far, by phase, metric and route. */
export class RouteFigures {
  private readonly values = new Map<string, number[]>();

  record(phase: Phase, metric: Metric, scenario: string, value: number): void {
    const key = `${phase}|${metric}|${scenario}`;
    this.values.set(key, [...(this.values.get(key) ?? []), value]);
  }

  /** One figure per metric and route, each compared with its direct call; the repeated direct calls with their first figure. */
  build(routes: readonly Scenario[]): Figure[] {
    const figures: Figure[] = [];
    for (const metric of Object.keys(METRICS) as Metric[]) {
      const baselines = new Map<string, Figure>();
      for (const s of routes) {
        const runs = this.values.get(`main|${metric}|${s.id}`);
        if (!runs) continue;
        if (s.via === 'direct') {
          const f = makeFigure({ metric, scenario: s.id, label: s.label, kind: 'baseline', runs });
          baselines.set(s.id, f);
          figures.push(f);
        } else {
          const base = baselines.get(s.baseline);
          figures.push(makeFigure({ metric, scenario: s.id, label: s.label, kind: 'gateway', runs, ...(base ? { reference: base.median } : {}) }));
        }
      }
      for (const s of DIRECT_SCENARIOS) {
        const runs = this.values.get(`repeat|${metric}|${s.id}`);
        const base = baselines.get(s.id);
        if (runs && base) figures.push(makeFigure({ metric, scenario: s.id, label: s.label, kind: 'repeat', runs, reference: base.median }));
      }
    }
    return figures;
  }
}

/** Lets every process finish deferred work (a log flush after a burst) before the next figure. */
const settle = (bench: Bench) => waitQuiet(Object.values(bench.pids), { windowMs: 150, maxMs: 5000 });

async function measureLatency(bench: Bench, figures: RouteFigures, s: Scenario, phase: Phase): Promise<void> {
  await settle(bench);
  // A process left idle while the other routes ran is brought back to its steady state (heap
  // sizes, optimised code) first, so the figure is the route's overhead, not a wake-up cost.
  await httpRun(bench.worker, bench.endpoints, s, 1, bench.durations.rewarmSec);
  const c1 = await httpRun(bench.worker, bench.endpoints, s, 1, bench.durations.c1Sec);
  figures.record(phase, 'c1-p50', s.id, c1.latency.p50);
  figures.record(phase, 'c1-p99', s.id, c1.latency.p99);
  bench.progress(`${s.label}: c=1 p50 ${c1.latency.p50.toFixed(3)} ms, p99 ${c1.latency.p99.toFixed(3)} ms`);
}

async function measureThroughput(bench: Bench, figures: RouteFigures, s: Scenario, phase: Phase): Promise<void> {
  await settle(bench);
  // The CPU of the process that answers: the upstream for a direct call, else the gateway.
  const pid = bench.pids[s.via];
  const cpuBefore = await readCpuMs(pid);
  const c50 = await httpRun(bench.worker, bench.endpoints, s, 50, bench.durations.c50Sec);
  const cpuUs = ((await readCpuMs(pid)) - cpuBefore) * 1000;
  figures.record(phase, 'c50-rps', s.id, c50.rps);
  figures.record(phase, 'c50-p50', s.id, c50.latency.p50);
  figures.record(phase, 'c50-p99', s.id, c50.latency.p99);
  figures.record(phase, 'c50-cpu', s.id, cpuUs / c50.requests);
  bench.progress(`${s.label}: c=50 ${Math.round(c50.rps)} req/s, p50 ${c50.latency.p50.toFixed(3)} ms, ${(cpuUs / c50.requests).toFixed(0)} µs CPU/req`);
}

/**
 * Every route at concurrency 1, then every route at concurrency 50: a gateway that just took
 * a burst of load keeps collecting garbage for a while, and doing the bursts last keeps that
 * off the latency figures of the routes after it.
 */
export async function measureNonStream(bench: Bench, figures: RouteFigures, routes: readonly Scenario[], phase: Phase): Promise<void> {
  for (const s of routes) await measureLatency(bench, figures, s, phase);
  for (const s of routes) await measureThroughput(bench, figures, s, phase);
}

export async function measureStreams(bench: Bench, figures: RouteFigures, s: Scenario, phase: Phase): Promise<void> {
  await settle(bench);
  const pid = bench.pids[s.via];
  const cpuBefore = await readCpuMs(pid);
  const r = await streamRun(bench.worker, bench.endpoints, s, bench.durations.streamsPerRun, 'paced');
  figures.record(phase, 'stream-cpu', s.id, (((await readCpuMs(pid)) - cpuBefore) * 1000) / (r.completed * STREAM_CHUNKS));
  figures.record(phase, 'ttfb-p50', s.id, r.ttfb.p50);
  figures.record(phase, 'ttfb-p99', s.id, r.ttfb.p99);
  figures.record(phase, 'total-p50', s.id, r.total.p50);
  figures.record(phase, 'total-p99', s.id, r.total.p99);
  await settle(bench);
  const flood = await streamRun(bench.worker, bench.endpoints, s, bench.durations.floodStreamsPerRun, 'flood');
  figures.record(phase, 'flood-total-p50', s.id, flood.total.p50);
  figures.record(phase, 'flood-total-p99', s.id, flood.total.p99);
  bench.progress(
    `${s.label}: stream TTFB p50 ${r.ttfb.p50.toFixed(3)} ms, total p50 ${r.total.p50.toFixed(3)} ms; flood total p50 ${flood.total.p50.toFixed(3)} ms`,
  );
}
