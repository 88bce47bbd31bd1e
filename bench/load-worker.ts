/**
 * The load generator, in its own process (forked by the orchestrator with advanced IPC
 * serialization) so its CPU is not charged to the gateway or the upstream. Runs one job at a
 * time: autocannon for request/response load, node:http for streams.
 */
import autocannon from 'autocannon';
import { holdStreams, runStreams } from './stream-client.js';
import type { HeldStreams } from './stream-client.js';
import { summarizeLatencies } from './stats.js';
import { requestSchema } from './worker-protocol.js';
import type { HttpResult, Job } from './worker-protocol.js';

/**
 * autocannon's own histogram keeps whole milliseconds, too coarse for sub-millisecond
 * overhead, so every 2xx response time (hrtime-based, fractional ms) is recorded here.
 */
function runHttp(job: Extract<Job, { kind: 'http' }>): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let samples = new Float64Array(65_536);
    let n = 0;
    let non2xx = 0;
    const started = performance.now();
    const instance = autocannon(
      { url: job.url, method: 'POST', headers: job.headers, body: job.body, connections: job.connections, duration: job.durationSec, timeout: 30 },
      (err, result) => {
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        resolve({ requests: n, seconds, rps: n / seconds, latency: summarizeLatencies(samples.subarray(0, n)), non2xx, errors: result.errors });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode < 200 || statusCode > 299) {
        non2xx++;
        return;
      }
      if (n === samples.length) {
        const grown = new Float64Array(samples.length * 2);
        grown.set(samples);
        samples = grown;
      }
      samples[n++] = responseTimeMs;
    });
  });
}

let held: HeldStreams | null = null;

async function runJob(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'http':
      return runHttp(job);
    case 'streams':
      return runStreams(
        { url: job.url, headers: job.headers, body: job.body, terminator: job.terminator, ...(job.expectedDeltas !== undefined ? { expectedDeltas: job.expectedDeltas } : {}) },
        { concurrency: job.concurrency, count: job.count },
      );
    case 'hold-open':
      held = holdStreams({ url: job.url, headers: job.headers, body: job.body, terminator: job.terminator }, { count: job.count, openTimeoutMs: job.openTimeoutMs });
      return held.opened;
    case 'hold-wait': {
      if (!held) throw new Error('no held streams');
      const finished = await held.finished;
      held = null;
      return finished;
    }
  }
}

process.on('message', (message: unknown) => {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    process.send?.({ id: -1, ok: false, error: `bad request: ${parsed.error.message}` });
    return;
  }
  const { id, job } = parsed.data;
  runJob(job).then(
    (result) => process.send?.({ id, ok: true, result }),
    (err: unknown) => process.send?.({ id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, result: 'ready' });
