/**
 * The Playground service behind `playground.send` and `playground.cancel`: starts runs
 * (run.ts), keeps the ones under way so they can be stopped, and bounds how many run at
 * once. Nothing is kept once a run ends: its result travels in its `done` event.
 */
import type { ChatDeps } from '../pipeline/chat.js';
import { createRequestIds } from '../server/request-id.js';
import {
  PLAYGROUND_MAX_RUNS,
  type PlaygroundProgress,
  type PlaygroundSendInput,
} from '../control/playground-contract.js';
import { buildClientRequest } from './client-request.js';
import { startRun, type PlaygroundRun } from './run.js';

/** A run refused for a reason the user can act on (bad body, too many runs, a reused id). */
export class PlaygroundRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundRefusal';
  }
}

export interface PlaygroundDeps {
  /** The gateway's request handling; read as each run starts, so live settings apply. */
  chat(): ChatDeps;
  /** Every key the gateway knows (accounts, gateway keys), redacted from what runs show. */
  secrets(): readonly string[];
  emit(progress: PlaygroundProgress): void;
}

export interface Playground {
  /** Starts a run and answers at once; its progress follows as events. */
  send(input: PlaygroundSendInput): { runId: string; requestId: string };
  /** Stops a run under way; false when there is none by that id (it may have just ended). */
  cancel(runId: string): boolean;
  /** Stops every run and waits for their last events (the gateway is stopping). */
  stopAll(): Promise<void>;
}

export function createPlayground(deps: PlaygroundDeps): Playground {
  const nextId = createRequestIds();
  const running = new Map<string, PlaygroundRun>();

  return {
    send(input) {
      if (running.has(input.runId)) throw new PlaygroundRefusal(`A run with the id "${input.runId}" is already under way.`);
      if (running.size >= PLAYGROUND_MAX_RUNS) {
        throw new PlaygroundRefusal(`${PLAYGROUND_MAX_RUNS} playground requests are already running; stop one or wait for it to finish.`);
      }
      const chat = deps.chat();
      const requestId = nextId();
      const ts = chat.now();
      const built = buildClientRequest(input, { requestId, now: ts });
      if (!built.ok) throw new PlaygroundRefusal(built.message);
      const run = startRun(
        { chat, secrets: deps.secrets(), emit: deps.emit },
        { input, request: built.request, requestId, ts, startedAt: performance.now() },
      );
      running.set(input.runId, run);
      void run.finished.then(() => running.delete(input.runId));
      return { runId: input.runId, requestId };
    },

    cancel(runId) {
      const run = running.get(runId);
      if (!run) return false;
      run.stop();
      return true;
    },

    async stopAll() {
      const runs = [...running.values()];
      for (const run of runs) run.stop();
      await Promise.all(runs.map((r) => r.finished));
    },
  };
}
