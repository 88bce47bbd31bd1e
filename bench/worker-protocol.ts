/** The messages between the orchestrator and the load-generator process (over fork's IPC). */
import { z } from 'zod';

const target = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});

export const jobSchema = z.discriminatedUnion('kind', [
  /** autocannon for `durationSec` over `connections` keep-alive connections. */
  target.extend({ kind: z.literal('http'), connections: z.number().int().positive(), durationSec: z.number().positive() }),
  target.extend({
    kind: z.literal('streams'),
    terminator: z.string(),
    expectedDeltas: z.number().int().optional(),
    concurrency: z.number().int().positive(),
    count: z.number().int().positive(),
  }),
  /** Opens `count` long streams; answers once all sent a first byte. They stay open. */
  target.extend({ kind: z.literal('hold-open'), terminator: z.string(), count: z.number().int().positive(), openTimeoutMs: z.number().positive() }),
  /** Waits for the held streams to end. */
  z.object({ kind: z.literal('hold-wait') }),
]);
export type Job = z.infer<typeof jobSchema>;

export const requestSchema = z.object({ id: z.number(), job: jobSchema });

const latency = z.object({ count: z.number(), p50: z.number(), p99: z.number() });

export const httpResultSchema = z.object({
  requests: z.number(),
  seconds: z.number(),
  rps: z.number(),
  latency,
  non2xx: z.number(),
  errors: z.number(),
});
export type HttpResult = z.infer<typeof httpResultSchema>;

export const streamsResultSchema = z.object({
  completed: z.number(),
  failed: z.number(),
  firstFailure: z.string().optional(),
  ttfb: latency,
  total: latency,
});

export const holdOpenResultSchema = z.object({ open: z.number(), failed: z.number(), firstFailure: z.string().optional() });
export const holdWaitResultSchema = z.object({ completed: z.number(), failed: z.number(), maxOpen: z.number(), firstFailure: z.string().optional() });

export const replySchema = z.union([
  z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: z.string() }),
]);
