/**
 * The Playground's part of the control contract: one request, in any client format, sent
 * through the gateway's own routing and translation, its progress pushed as
 * `playground.progress` events (IPC `control:event`, or the /api/events SSE stream).
 *
 * The dashboard names the run itself (`runId`), so it can listen for the run's events before
 * it asks: over HTTP the SSE stream and the POST that starts the run are two connections, and
 * the first delta may well arrive before the POST's answer does.
 */
import { z } from 'zod';
import type { WireFormat } from '../formats/canonical.js';

/** The client formats (Ollama's as its /api/chat), as the control schemas spell them. */
export const PLAYGROUND_FORMATS = ['openai-chat', 'openai-responses', 'anthropic', 'gemini', 'ollama'] as const satisfies readonly WireFormat[];

/** Bytes kept of each body a run shows (upstream request, raw answer, translated answer). */
export const PLAYGROUND_BODY_LIMIT = 64 * 1024;
/** Characters of answer text a run streams and keeps; past it the deltas stop. */
export const PLAYGROUND_TEXT_LIMIT = 64 * 1024;
/** The biggest client body a run takes, serialised. */
export const PLAYGROUND_REQUEST_LIMIT = 1024 * 1024;
/** Runs at once: a playground is one person trying things, not a load generator. */
export const PLAYGROUND_MAX_RUNS = 4;

const runId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'a run id is 8 to 64 letters, digits, "-" or "_"' });

export const PlaygroundSendInput = z
  .object({
    runId,
    /** The API the request speaks, as a client of that API would send it. */
    format: z.enum(PLAYGROUND_FORMATS),
    /** Any model, combo or alias a client may ask for. It goes where the format carries it
     * (the body's `model`, or Gemini's URL path), replacing what the body says. */
    model: z.string().min(1).max(500),
    /** Streamed answer or one JSON answer; like `model`, placed where the format carries it. */
    stream: z.boolean(),
    /** The rest of the client's request body, checked by the format's own decoder. */
    body: z.record(z.string(), z.unknown()),
  })
  .strict();
export type PlaygroundSendInput = z.infer<typeof PlaygroundSendInput>;

export const PlaygroundSent = z.object({
  runId: z.string(),
  /** The request's id in the request log (logs.get). */
  requestId: z.string(),
});

export const PlaygroundCancelInput = z.object({ runId }).strict();
export const PlaygroundCancelled = z.object({ cancelled: z.boolean() });

/** A captured body: redacted (usage/redact.ts) and cut at PLAYGROUND_BODY_LIMIT. */
export const PlaygroundBody = z.object({ body: z.string(), truncated: z.boolean() });
export type PlaygroundBody = z.infer<typeof PlaygroundBody>;

/** One upstream call the routing made for the run, in order. */
export const PlaygroundAttempt = z.object({
  provider: z.string(),
  /** The account's label. */
  account: z.string(),
  /** The provider's own model id. */
  model: z.string(),
  format: z.enum(PLAYGROUND_FORMATS),
  /** Where the call went (no key: keys travel in headers, which are not shown). */
  url: z.string().nullable(),
  /** The upstream's HTTP status; null when no answer came (refused before sending, transport failure). */
  status: z.number().nullable(),
  outcome: z.enum(['answered', 'failed', 'abandoned']),
  /** Why it failed, as the client would have been told. */
  error: z.string().nullable(),
  latencyMs: z.number(),
});
export type PlaygroundAttempt = z.infer<typeof PlaygroundAttempt>;

export const PlaygroundResult = z.object({
  requestId: z.string(),
  format: z.enum(PLAYGROUND_FORMATS),
  model: z.string(),
  stream: z.boolean(),
  /** What the client got: 200, an error status, or 499 when the run was stopped. */
  status: z.number(),
  errorCode: z.string().nullable(),
  provider: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  upstreamFormat: z.enum(PLAYGROUND_FORMATS).nullable(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), estimated: z.boolean() }).nullable(),
  costUsd: z.number().nullable(),
  /** What translation dropped or changed. */
  warnings: z.array(z.string()),
  /** The answer's text and thinking, as the client format carried them. */
  text: z.string(),
  thinking: z.string(),
  textTruncated: z.boolean(),
  /** The body the gateway sent upstream on the last attempt. */
  upstreamRequest: PlaygroundBody.nullable(),
  /** The upstream's raw answer to the last attempt (SSE or JSON, as it came). */
  upstreamResponse: PlaygroundBody.nullable(),
  /** What the client got back, in its own format. */
  clientResponse: PlaygroundBody.nullable(),
  attempts: z.array(PlaygroundAttempt),
});
export type PlaygroundResult = z.infer<typeof PlaygroundResult>;

/** The `playground.progress` event. */
export type PlaygroundProgress =
  /** Answer text as it streams; `part` tells text from thinking. */
  | { runId: string; kind: 'delta'; part: 'text' | 'thinking'; text: string }
  | { runId: string; kind: 'done'; result: PlaygroundResult }
  /** The gateway itself failed to run the request (a bug); an upstream's failure is a `done`. */
  | { runId: string; kind: 'error'; message: string };
