import type { StopReason } from '../canonical.js';

export interface FinishContext {
  /** The answer contained tool calls. */
  toolCalls: boolean;
  /** The answer came as a `refusal`. */
  refusal: boolean;
}

/**
 * Upstream finish_reason -> StopReason. Chat Completions says 'stop' both for a natural end
 * and for a stop sequence without telling which, so 'stop' is end_turn. Several
 * OpenAI-compatible servers answer 'stop' even when they return tool calls; the calls win.
 */
export function decodeFinishReason(reason: string | null | undefined, seen: FinishContext): StopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filter';
    // DeepSeek ends a generation cut short by load with this reason.
    case 'insufficient_system_resource':
      return 'error';
    default:
      if (seen.toolCalls) return 'tool_use';
      return seen.refusal ? 'refusal' : 'end_turn';
  }
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function encodeFinishReason(reason: StopReason): FinishReason {
  switch (reason) {
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'stop';
  }
}
