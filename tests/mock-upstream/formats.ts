// Which provider family an API belongs to: that decides its error shape, where it takes its
// key from and what its request-id header is called.
import type { MockFormat } from './types.js';

export type Dialect = 'openai' | 'anthropic' | 'gemini' | 'ollama';

export function dialectOf(format: MockFormat): Dialect {
  switch (format) {
    case 'anthropic':
      return 'anthropic';
    case 'gemini':
    case 'gemini-embed':
      return 'gemini';
    case 'ollama':
      return 'ollama';
    default:
      // Rerank answers in the OpenAI shape too: Together, vLLM and Jina's compatible
      // servers all wrap their errors that way.
      return 'openai';
  }
}

/** The formats answered by the endpoint handlers (endpoints.ts) rather than the chat path. */
export type EndpointFormat = Exclude<MockFormat, 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini'>;
