/** One measurement of each kind, run by the load worker against a scenario. */
import { readRss, sampleRssPeak } from './memory.js';
import type { LoadWorker } from './processes.js';
import { scenarioRequest } from './scenarios.js';
import type { Endpoints, Scenario } from './scenarios.js';
import { slope } from './stats.js';
import { holdOpenResultSchema, holdWaitResultSchema, httpResultSchema, streamsResultSchema } from './worker-protocol.js';
import type { HttpResult } from './worker-protocol.js';
import type { HeapProbe } from './inspector.js';
import type { GrowthRound } from './report.js';

export interface Durations {
  /** Seconds of one concurrency-1 latency run. */
  c1Sec: number;
  /** Seconds of one concurrency-50 throughput run. */
  c50Sec: number;
  /** Paced streams per streaming run (at concurrency 10); each lasts ~200 chunk intervals. */
  streamsPerRun: number;
  /** Flood streams per run (at concurrency 10). */
  floodStreamsPerRun: number;
  warmupSec: number;
  /** Seconds of unrecorded load on a route right before its concurrency-1 figure. */
  rewarmSec: number;
}

export class BenchError extends Error {}

function checkHttp(s: Scenario, r: HttpResult): HttpResult {
  if (r.non2xx > 0 || r.errors > 0 || r.requests === 0) {
    throw new BenchError(`${s.label}: ${r.requests} ok, ${r.non2xx} non-2xx, ${r.errors} errors; the figures would not mean anything`);
  }
  return r;
}

export async function httpRun(worker: LoadWorker, endpoints: Endpoints, s: Scenario, connections: number, durationSec: number): Promise<HttpResult> {
  const { url, headers, body } = scenarioRequest(s, endpoints, { stream: false });
  const result = httpResultSchema.parse(await worker.run({ kind: 'http', url, headers, body, connections, durationSec }));
  return checkHttp(s, result);
}

export async function streamRun(worker: LoadWorker, endpoints: Endpoints, s: Scenario, count: number, kind: 'paced' | 'flood') {
  const req = scenarioRequest(s, endpoints, { stream: true, kind });
  const result = streamsResultSchema.parse(await worker.run({ kind: 'streams', ...req, concurrency: 10, count }));
  if (result.failed > 0) throw new BenchError(`${s.label}: ${result.failed} of ${count} streams failed (${result.firstFailure ?? ''})`);
  return result;
}

/** Checks a scenario answers 200 with its format's reply before it is timed. */
export async function sanityCheck(endpoints: Endpoints, s: Scenario): Promise<void> {
  const { url, headers, body } = scenarioRequest(s, endpoints, { stream: false });
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const expected = s.client === 'openai-chat' ? '"object":"chat.completion"' : '"type":"message"';
  if (res.status !== 200 || !text.includes(expected)) throw new BenchError(`${s.label}: expected 200 with ${expected}, got ${res.status} ${text.slice(0, 300)}`);
}

export interface HeldResult {
  requested: number;
  open: number;
  peakBytes: number;
  afterBytes: number;
  completed: number;
  failed: number;
  firstFailure?: string;
}

/** Opens `count` long streams at once through the gateway, samples its RSS while they are open. */
export async function heldStreams(opts: {
  worker: LoadWorker;
  endpoints: Endpoints;
  scenario: Scenario;
  gatewayPid: number;
  count: number;
  openTimeoutMs: number;
}): Promise<HeldResult> {
  const req = scenarioRequest(opts.scenario, opts.endpoints, { stream: true, kind: 'hold' });
  const sampler = sampleRssPeak(opts.gatewayPid, 100);
  const opened = holdOpenResultSchema.parse(
    await opts.worker.run({ kind: 'hold-open', url: req.url, headers: req.headers, body: req.body, terminator: req.terminator, count: opts.count, openTimeoutMs: opts.openTimeoutMs }),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const peakBytes = await sampler.stop();
  const done = holdWaitResultSchema.parse(await opts.worker.run({ kind: 'hold-wait' }));
  await new Promise((r) => setTimeout(r, 1000));
  return {
    requested: opts.count,
    open: Math.max(opened.open, done.maxOpen),
    peakBytes,
    afterBytes: await readRss(opts.gatewayPid),
    completed: done.completed,
    failed: done.failed,
    ...(done.firstFailure ? { firstFailure: done.firstFailure } : {}),
  };
}

/**
 * Rounds of load with memory read after each: a leak shows as a slope in bytes per request,
 * measured on the heap after a forced GC when the gateway's inspector is open.
 */
export async function growthRounds(opts: {
  worker: LoadWorker;
  endpoints: Endpoints;
  scenario: Scenario;
  gatewayPid: number;
  heap?: HeapProbe;
  rounds: number;
  durationSec: number;
}): Promise<{ rounds: GrowthRound[]; rssBytesPerRequest: number; heapBytesPerRequest: number }> {
  const rounds: GrowthRound[] = [];
  let cumulative = 0;
  for (let i = 0; i < opts.rounds; i++) {
    const r = await httpRun(opts.worker, opts.endpoints, opts.scenario, 50, opts.durationSec);
    cumulative += r.requests;
    await new Promise((res) => setTimeout(res, 500));
    const heapBytes = opts.heap ? await opts.heap.heapAfterGc() : undefined;
    rounds.push({ requests: cumulative, rssBytes: await readRss(opts.gatewayPid), ...(heapBytes !== undefined ? { heapBytes } : {}) });
  }
  return {
    rounds,
    rssBytesPerRequest: slope(rounds.map((r) => ({ x: r.requests, y: r.rssBytes }))),
    heapBytesPerRequest: slope(rounds.flatMap((r) => (r.heapBytes === undefined ? [] : [{ x: r.requests, y: r.heapBytes }]))),
  };
}
