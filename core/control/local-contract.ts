/**
 * Schemas of the local model server methods: what detection found on this machine's default
 * ports, and adding a found server as a connection in one step (no key); see contract.ts.
 */
import { z } from 'zod';
import { ConnectionView } from './accounts-contract.js';

export const LocalServerView = z.object({
  provider: z.string(),
  name: z.string(),
  /** Where it answered, e.g. http://127.0.0.1:11434/v1. */
  baseUrl: z.string(),
  models: z.array(z.string()),
  /** What the server says it is, when it says (Ollama). */
  version: z.string().nullable(),
  /** The connection that already points at this server; null: not added yet. */
  connection: z.object({ id: z.string(), label: z.string() }).nullable(),
});
export type LocalServerView = z.infer<typeof LocalServerView>;

/** cached: the last detection (the one the gateway ran at start, waited for if still running) instead of probing now. */
export const LocalDetectInput = z.object({ cached: z.boolean().optional() }).strict();
export const LocalDetection = z.object({
  servers: z.array(LocalServerView),
  /** When the ports were probed (Unix ms). */
  detectedAt: z.number(),
});
export type LocalDetection = z.infer<typeof LocalDetection>;

export const LocalAddInput = z
  .object({
    provider: z.string().min(1).max(64),
    /** Default "local" (or "local-2", ... when taken). */
    label: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^\u0000-\u001f\u007f/:]+$/, 'a label has no control characters, "/" or ":"')
      .optional(),
  })
  .strict();
export const LocalAdded = z.object({ connection: ConnectionView, models: z.array(z.string()) });
export type LocalAdded = z.infer<typeof LocalAdded>;
