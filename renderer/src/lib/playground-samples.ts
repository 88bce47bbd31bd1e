/**
 * A sample request body per client format, as a client of that API would write it, without
 * the model and the stream flag (the page's own controls set those, and the gateway puts
 * them where each format carries them).
 */
import type { WireFormat } from './contract-lists.js';

const SYSTEM = 'You are a concise assistant.';
const QUESTION = 'Say hello and name three colours.';

export function sampleBody(format: WireFormat): Record<string, unknown> {
  switch (format) {
    case 'openai-chat':
      return {
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: QUESTION },
        ],
      };
    case 'openai-responses':
      return { instructions: SYSTEM, input: QUESTION };
    case 'anthropic':
      // Anthropic refuses a request without max_tokens.
      return { max_tokens: 512, system: SYSTEM, messages: [{ role: 'user', content: QUESTION }] };
    case 'gemini':
      return { systemInstruction: { parts: [{ text: SYSTEM }] }, contents: [{ role: 'user', parts: [{ text: QUESTION }] }] };
    // Ollama's /api/chat.
    case 'ollama':
      return {
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: QUESTION },
        ],
      };
  }
}

/** The sample as the editor shows it. */
export function sampleText(format: WireFormat): string {
  return JSON.stringify(sampleBody(format), null, 2);
}

/**
 * The editor's text after the format changes: the new format's sample, unless the user
 * edited the old one (their work is kept; a reset button brings the sample back).
 */
export function bodyAfterFormatChange(current: string, from: WireFormat, to: WireFormat): string {
  return current.trim() === '' || current === sampleText(from) ? sampleText(to) : current;
}
