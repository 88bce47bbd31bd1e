/**
 * The memory figures that need a gateway of their own: one started with its inspector open
 * (so a full GC can be forced before reading the heap), warmed up, then given many long
 * streams at once, then rounds of load to show whether anything grows per request.
 */
import { connectInspector } from './inspector.js';
import { growthRounds, heldStreams, httpRun } from './measure.js';
import type { HeldResult } from './measure.js';
import { readRss } from './memory.js';
import { startGateway } from './processes.js';
import type { GatewayRunner, LoadWorker } from './processes.js';
import type { GrowthRound } from './report.js';
import { SCENARIOS } from './scenarios.js';
import type { Endpoints } from './scenarios.js';

export interface MemoryPhaseResult {
  warmBytes: number;
  held: HeldResult;
  growth: { rounds: GrowthRound[]; rssBytesPerRequest: number; heapBytesPerRequest: number };
}

export async function memoryPhase(opts: {
  runner: GatewayRunner;
  dataDir: string;
  endpoints: Endpoints;
  worker: LoadWorker;
  heldCount: number;
  holdMs: number;
  rounds: number;
  roundSec: number;
  progress(line: string): void;
}): Promise<MemoryPhaseResult> {
  const gateway = await startGateway({ runner: opts.runner, dataDir: opts.dataDir, requestLog: true, upstreamUrl: opts.endpoints.upstream, inspect: true });
  const heap = await connectInspector(gateway.inspectorUrl ?? '');
  try {
    const endpoints: Endpoints = { ...opts.endpoints, gatewayLog: gateway.url };
    const passOpenAi = SCENARIOS.find((s) => s.id === 'pass-openai');
    const translated = SCENARIOS.find((s) => s.id === 'translate-anthropic-to-openai');
    if (!passOpenAi || !translated) throw new Error('the memory phase needs the pass-openai and translate-anthropic-to-openai routes');

    await httpRun(opts.worker, endpoints, passOpenAi, 50, opts.roundSec);
    await new Promise((r) => setTimeout(r, 500));
    const warmBytes = await readRss(gateway.pid);

    opts.progress(`${opts.heldCount} long streams at once (${translated.label}), ${opts.holdMs / 1000} s each`);
    const held = await heldStreams({
      worker: opts.worker,
      endpoints,
      scenario: translated,
      gatewayPid: gateway.pid,
      count: opts.heldCount,
      openTimeoutMs: opts.holdMs + 2000,
    });
    opts.progress(`${held.open} open at once; ${held.completed} completed, ${held.failed} failed${held.firstFailure ? ` (${held.firstFailure})` : ''}`);

    opts.progress(`${opts.rounds} rounds of load, memory read after a forced GC after each`);
    const growth = await growthRounds({
      worker: opts.worker,
      endpoints,
      scenario: passOpenAi,
      gatewayPid: gateway.pid,
      heap,
      rounds: opts.rounds,
      durationSec: opts.roundSec,
    });
    return { warmBytes, held, growth };
  } finally {
    heap.close();
    await gateway.stop();
  }
}
