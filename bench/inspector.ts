/**
 * The V8 inspector of a process started with `--inspect=127.0.0.1:0`: forces a full garbage
 * collection and reads the JS heap in use, so a per-request leak shows as a steady slope
 * instead of hiding in RSS, which V8 grows and rarely gives back.
 */
import { WebSocket } from 'undici';
import { z } from 'zod';

const replySchema = z.object({ id: z.number(), result: z.unknown().optional(), error: z.object({ message: z.string() }).optional() });
const heapUsageSchema = z.object({ usedSize: z.number(), totalSize: z.number() });

export interface HeapProbe {
  /** JS heap bytes in use right after a full GC. */
  heapAfterGc(): Promise<number>;
  close(): void;
}

/** The `ws://` address Node prints on stderr when started with --inspect. */
export function inspectorUrlFrom(stderr: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
}

export async function connectInspector(url: string): Promise<HeapProbe> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), { once: true });
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  ws.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const parsed = replySchema.safeParse(JSON.parse(event.data));
    if (!parsed.success) return;
    const w = waiting.get(parsed.data.id);
    if (!w) return;
    waiting.delete(parsed.data.id);
    if (parsed.data.error) w.reject(new Error(parsed.data.error.message));
    else w.resolve(parsed.data.result);
  });
  const call = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method }));
    });
  return {
    async heapAfterGc() {
      await call('HeapProfiler.collectGarbage');
      return heapUsageSchema.parse(await call('Runtime.getHeapUsage')).usedSize;
    },
    close: () => ws.close(),
  };
}
