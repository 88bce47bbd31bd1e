/**
 * Streaming requests over plain node:http, timed from just before the request is written:
 * time to the first body byte (the first event the user would see) and to the end of the
 * stream. Each stream is checked: status 200, every text delta present, the format's
 * terminator at the end.
 */
import { Agent, request } from 'node:http';
import { summarizeLatencies } from './stats.js';
import type { LatencySummary } from './stats.js';
import { DELTA_MARKER } from './wire-fixtures.js';

export interface StreamTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Text the end of a complete stream contains (`data: [DONE]`, `message_stop`). */
  terminator: string;
  /** Text deltas a complete stream carries (counted by their marker); omit to skip the count. */
  expectedDeltas?: number;
}

interface StreamOutcome {
  ok: boolean;
  ttfbMs: number;
  totalMs: number;
  reason?: string;
}


function countMarkers(text: string): number {
  let n = 0;
  for (let i = text.indexOf(DELTA_MARKER); i !== -1; i = text.indexOf(DELTA_MARKER, i + DELTA_MARKER.length)) n++;
  return n;
}

export function streamOnce(agent: Agent, target: StreamTarget, onFirstByte?: () => void): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttfb = Number.NaN;
    let tail = '';
    let deltas = 0;
    let settled = false;
    const settle = (outcome: StreamOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = request(
      target.url,
      { method: 'POST', agent, headers: { ...target.headers, 'content-length': Buffer.byteLength(target.body) } },
      (res) => {
        res.on('data', (chunk: Buffer) => {
          if (Number.isNaN(ttfb)) {
            ttfb = performance.now() - started;
            onFirstByte?.();
          }
          // Keep the last bytes of the previous chunk so a marker split across chunks is counted once.
          const text = tail.slice(-(DELTA_MARKER.length - 1)) + chunk.toString('latin1');
          deltas += countMarkers(text);
          tail = (tail + chunk.toString('latin1')).slice(-256);
        });
        res.on('end', () => {
          const totalMs = performance.now() - started;
          let reason: string | undefined;
          if (res.statusCode !== 200) reason = `status ${res.statusCode}: ${tail.slice(-200)}`;
          else if (!tail.includes(target.terminator)) reason = `no ${target.terminator} at the end`;
          else if (target.expectedDeltas !== undefined && deltas !== target.expectedDeltas) reason = `${deltas} deltas, expected ${target.expectedDeltas}`;
          settle({ ok: reason === undefined, ttfbMs: ttfb, totalMs, ...(reason ? { reason } : {}) });
        });
        res.on('error', (err) => settle({ ok: false, ttfbMs: ttfb, totalMs: Number.NaN, reason: err.message }));
        // 'close' without 'end': the connection went away mid-stream.
        res.on('close', () => settle({ ok: false, ttfbMs: ttfb, totalMs: Number.NaN, reason: 'connection closed before the end' }));
      },
    );
    req.on('error', (err) => settle({ ok: false, ttfbMs: ttfb, totalMs: Number.NaN, reason: err.message }));
    req.end(target.body);
  });
}

export interface StreamRunResult {
  completed: number;
  failed: number;
  firstFailure?: string;
  ttfb: LatencySummary;
  total: LatencySummary;
}

/** `count` streams, `concurrency` at a time over keep-alive connections. */
export async function runStreams(target: StreamTarget, opts: { concurrency: number; count: number }): Promise<StreamRunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const ttfb: number[] = [];
  const total: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  let issued = 0;
  const lane = async () => {
    while (issued < opts.count) {
      issued++;
      const outcome = await streamOnce(agent, target);
      if (outcome.ok) {
        ttfb.push(outcome.ttfbMs);
        total.push(outcome.totalMs);
      } else {
        failed++;
        firstFailure ??= outcome.reason;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, lane));
  } finally {
    agent.destroy();
  }
  return {
    completed: ttfb.length,
    failed,
    ...(firstFailure ? { firstFailure } : {}),
    ttfb: summarizeLatencies(ttfb),
    total: summarizeLatencies(total),
  };
}

export interface HeldStreams {
  /** Resolves when every stream has sent its first byte or failed, or after `openTimeoutMs`. */
  opened: Promise<{ open: number; failed: number; firstFailure?: string }>;
  /** Resolves when every stream has ended. */
  finished: Promise<{ completed: number; failed: number; maxOpen: number; firstFailure?: string }>;
}

/** `count` long streams started at once, each on its own connection. */
export function holdStreams(target: StreamTarget, opts: { count: number; openTimeoutMs: number }): HeldStreams {
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  let open = 0;
  let maxOpen = 0;
  let started = 0;
  let failed = 0;
  let completed = 0;
  let firstFailure: string | undefined;
  let signalOpened: () => void = () => undefined;
  const allStarted = new Promise<void>((resolve) => (signalOpened = resolve));
  const checkOpened = () => {
    if (started + failed >= opts.count) signalOpened();
  };
  const runs = Array.from({ length: opts.count }, async () => {
    let sawFirstByte = false;
    const outcome = await streamOnce(agent, target, () => {
      sawFirstByte = true;
      started++;
      open++;
      maxOpen = Math.max(maxOpen, open);
      checkOpened();
    });
    if (sawFirstByte) open--;
    if (outcome.ok) completed++;
    else {
      failed++;
      firstFailure ??= outcome.reason;
      if (!sawFirstByte) checkOpened();
    }
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, opts.openTimeoutMs).unref());
  const opened = Promise.race([allStarted, timeout]).then(() => ({ open, failed, ...(firstFailure ? { firstFailure } : {}) }));
  const finished = Promise.all(runs).then(() => {
    agent.destroy();
    return { completed, failed, maxOpen, ...(firstFailure ? { firstFailure } : {}) };
  });
  return { opened, finished };
}
