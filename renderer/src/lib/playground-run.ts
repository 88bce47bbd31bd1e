/**
 * One run as the page shows it, folded from the `playground.progress` events of its id:
 * the text grows with each delta, and `done` brings the result (whose text replaces what
 * the deltas built, in case an event was missed).
 */
import type { ControlEvents } from '../../../core/control/contract.js';

export type PlaygroundProgress = ControlEvents['playground.progress'];
export type PlaygroundResult = Extract<PlaygroundProgress, { kind: 'done' }>['result'];
export type PlaygroundAttempt = PlaygroundResult['attempts'][number];

export interface RunView {
  runId: string;
  /** sending: asked, nothing back yet; streaming: text arriving; done: a result (any status); failed: no result. */
  phase: 'sending' | 'streaming' | 'done' | 'failed';
  text: string;
  thinking: string;
  result: PlaygroundResult | null;
  /** Why there is no result: the gateway refused the request or failed to run it. */
  error: string | null;
}

/** The longest text the page keeps while streaming (the gateway stops sending past its own cap). */
const TEXT_CAP = 256 * 1024;

export function startedRun(runId: string): RunView {
  return { runId, phase: 'sending', text: '', thinking: '', result: null, error: null };
}

/** The run after one event; events of other runs leave it as it is. */
export function applyProgress(run: RunView, event: PlaygroundProgress): RunView {
  if (event.runId !== run.runId || run.phase === 'done' || run.phase === 'failed') return run;
  switch (event.kind) {
    case 'delta': {
      const grown = event.part === 'text' ? { text: capped(run.text + event.text) } : { thinking: capped(run.thinking + event.text) };
      return { ...run, ...grown, phase: 'streaming' };
    }
    case 'done':
      return { ...run, phase: 'done', result: event.result, text: event.result.text, thinking: event.result.thinking };
    case 'error':
      return { ...run, phase: 'failed', error: event.message };
  }
}

/** The gateway refused to start the run (its message says why). */
export function refusedRun(run: RunView, message: string): RunView {
  return { ...run, phase: 'failed', error: message };
}

export function isRunning(run: RunView | null): boolean {
  return run !== null && (run.phase === 'sending' || run.phase === 'streaming');
}

/** A run id the page picks before asking, so it can listen first: 24 hex digits. */
export function newRunId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return `pg-${[...random(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function capped(text: string): string {
  return text.length > TEXT_CAP ? text.slice(0, TEXT_CAP) : text;
}
