import type { CanonicalRequest } from '../formats/canonical.js';

/**
 * Coding tools make small side requests alongside the real work: a title for the chat, a
 * summary of the conversation. They need no frontier model. Recognised here: no tools, a
 * small output budget (or none given), and an instruction naming a title or summary in the
 * system prompt or the last user turn.
 */
const BACKGROUND_INSTRUCTION = /\b(title|summar(y|ise|ize)|topic)\b/i;
const SMALL_OUTPUT = 1024;

function lastUserText(request: CanonicalRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i]!;
    if (m.role !== 'user') continue;
    return m.content.map((p) => (p.type === 'text' ? p.text : '')).join(' ');
  }
  return '';
}

export function isBackgroundRequest(request: CanonicalRequest): boolean {
  if (request.tools && request.tools.length > 0) return false;
  if (request.maxTokens !== undefined && request.maxTokens > SMALL_OUTPUT) return false;
  const system = request.system.map((p) => p.text).join(' ');
  // Only the start of a long prompt says what it is for; the rest is the material.
  return BACKGROUND_INSTRUCTION.test(system.slice(0, 500)) || BACKGROUND_INSTRUCTION.test(lastUserText(request).slice(0, 300));
}
