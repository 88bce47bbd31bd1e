import type { ProviderDescriptor } from './types.js';

/**
 * Cohere through its OpenAI compatibility API, which serves chat and embeddings only (rerank
 * stays on Cohere's native API).
 */
export const cohere: ProviderDescriptor = {
  id: 'cohere',
  prefix: 'cohere',
  name: 'Cohere',
  tier: 'free',
  format: 'openai-chat',
  baseUrl: 'https://api.cohere.ai/compatibility/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.cohere.com/docs/compatibility-api',
  keyUrl: 'https://dashboard.cohere.com/api-keys',
  // Cohere limits a trial key to 1,000 calls a month across all endpoints. An account on a
  // production key sets its own quota (an empty list) to lift it.
  quota: { windows: [{ kind: 'monthly', limit: 1000, unit: 'requests' }] },
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'command-a-03-2025', contextWindow: 256000 },
    { id: 'command-a-reasoning-08-2025', contextWindow: 256000 },
    { id: 'command-r-plus-08-2024', contextWindow: 128000 },
    { id: 'command-r-08-2024', contextWindow: 128000 },
    { id: 'command-r7b-12-2024', contextWindow: 128000 },
    { id: 'embed-v4.0', contextWindow: 128000, kind: 'embedding' },
    { id: 'embed-english-v3.0', contextWindow: 512, kind: 'embedding' },
    { id: 'embed-multilingual-v3.0', contextWindow: 512, kind: 'embedding' },
  ],
};
