import type { StopReason } from '../canonical.js';

/** Gemini's safety-style stops: the candidate was cut or withheld by a filter. */
const FILTERED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Gemini reports STOP for a function-calling turn too (it has no tool-use reason), so the
 * caller says whether the candidate carried a functionCall.
 */
export function decodeFinishReason(reason: string, sawFunctionCall: boolean): StopReason {
  if (reason === 'STOP') return sawFunctionCall ? 'tool_use' : 'end_turn';
  if (reason === 'MAX_TOKENS') return 'max_tokens';
  if (FILTERED.has(reason)) return 'content_filter';
  return 'error';
}

export function encodeFinishReason(reason: StopReason): string {
  switch (reason) {
    case 'end_turn':
    case 'tool_use':
    case 'stop_sequence':
    case 'pause_turn':
      return 'STOP';
    case 'max_tokens':
      return 'MAX_TOKENS';
    case 'content_filter':
    case 'refusal':
      return 'SAFETY';
    case 'error':
      return 'OTHER';
  }
}
