import type { StopReason } from '../canonical.js';

/**
 * Ollama's `done_reason`: 'stop' for a natural end, a stop sequence and a tool call alike,
 * 'length' when num_predict or the context ran out, 'load' / 'unload' for a request that only
 * loaded or unloaded the model. Tool calls are told apart by their presence, not the reason.
 */
export function decodeDoneReason(reason: string | null | undefined, toolCalls: boolean): StopReason {
  if (reason === 'length') return 'max_tokens';
  return toolCalls ? 'tool_use' : 'end_turn';
}

export function encodeDoneReason(reason: StopReason): 'stop' | 'length' {
  return reason === 'max_tokens' ? 'length' : 'stop';
}
