/**
 * The one list of dashboard operations. main/ registers each on ipcMain.handle, the
 * headless server mounts each under POST /api/<name>, and the renderer imports only the
 * types. Adding an operation means one entry here, one handler in handlers.ts, and its name
 * in preload/methods.ts (a literal list, so the sandboxed preload does not bundle zod; it
 * fails to compile, and a test fails, while it differs from CONTROL_METHODS).
 */
import { z } from 'zod';
import { learnedLimitSchema } from '../routing/learned-limits.js';

export const GatewayStatus = z.object({
  version: z.string(),
  listening: z.object({ host: z.string(), port: z.number(), url: z.string() }).nullable(),
  providerCount: z.number(),
  connectionCount: z.number(),
  uptimeMs: z.number(),
});
export type GatewayStatus = z.infer<typeof GatewayStatus>;

export const ProviderSummary = z.object({
  id: z.string(),
  name: z.string(),
  format: z.string(),
  tier: z.string(),
  connectionCount: z.number(),
  modelCount: z.number(),
});
export type ProviderSummary = z.infer<typeof ProviderSummary>;

export const RoutingStatus = z.object({
  cooldowns: z.array(
    z.object({ key: z.string(), until: z.number(), reason: z.string(), strikes: z.number(), probing: z.boolean(), nextProbeAt: z.number().optional() }),
  ),
  breakers: z.array(z.object({ key: z.string(), phase: z.string(), failures: z.number(), reopensAt: z.number().optional() })),
  /** What providers' rate-limit headers last said per account. */
  limits: z.array(learnedLimitSchema.extend({ key: z.string() })),
});
export type RoutingStatus = z.infer<typeof RoutingStatus>;

/** Clears cooldowns and breakers: one scope key, one account, or everything. */
export const RoutingReset = z.union([
  z.object({ key: z.string().min(1) }).strict(),
  z.object({ connectionId: z.string().min(1) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);
export type RoutingReset = z.infer<typeof RoutingReset>;

/** Each method: the schema its input must satisfy and the type of what it returns. */
export const contract = {
  'gateway.status': { input: z.object({}).strict(), output: GatewayStatus },
  'providers.list': { input: z.object({}).strict(), output: z.array(ProviderSummary) },
  'routing.status': { input: z.object({}).strict(), output: RoutingStatus },
  'routing.reset': { input: RoutingReset, output: z.object({ reset: z.boolean() }) },
} as const;

export type ControlMethod = keyof typeof contract;
export type ControlInput<M extends ControlMethod> = z.infer<(typeof contract)[M]['input']>;
export type ControlOutput<M extends ControlMethod> = z.infer<(typeof contract)[M]['output']>;

export const CONTROL_METHODS = Object.keys(contract) as ControlMethod[];

/** Events pushed to the dashboard (IPC `control:event`, or the /api/events SSE stream). */
export interface ControlEvents {
  'request.finished': {
    requestId: string;
    clientFormat: string;
    model: string;
    provider: string | null;
    status: number;
    latencyMs: number;
  };
}
export type ControlEventName = keyof ControlEvents;
export const CONTROL_EVENT_NAMES: readonly ControlEventName[] = ['request.finished'];

/** What every transport (IPC, HTTP) calls into. */
export interface ControlApi {
  call<M extends ControlMethod>(method: M, input: ControlInput<M>): Promise<ControlOutput<M>>;
}

/** The shape of a control failure as transports return it. */
export interface ControlErrorBody {
  error: { code: 'invalid_input' | 'unknown_method' | 'internal'; message: string };
}
