import type { StopReason } from '../canonical.js';

export type WireStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export function stopReasonFromWire(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'end_turn':
    case 'max_tokens':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
    case 'refusal':
      return reason;
    // The answer was cut off by the context window: to a client that is a length stop.
    case 'model_context_window_exceeded':
      return 'max_tokens';
    default:
      return 'end_turn';
  }
}

export function stopReasonToWire(reason: StopReason): WireStopReason {
  switch (reason) {
    case 'content_filter':
      return 'refusal';
    case 'error':
      return 'end_turn';
    default:
      return reason;
  }
}
