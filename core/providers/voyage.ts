import type { ProviderDescriptor } from './types.js';

/** Voyage AI (part of MongoDB): embeddings and rerank only, no chat. */
export const voyage: ProviderDescriptor = {
  id: 'voyage',
  prefix: 'voyage',
  name: 'Voyage AI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.voyageai.com/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.voyageai.com/docs/introduction',
  keyUrl: 'https://dashboard.voyageai.com/organization/api-keys',
  keyPrefix: 'pa-',
  endpoints: { embeddings: '/embeddings', rerank: '/rerank' },
  // Voyage has no model list endpoint.
  listsModels: false,
  models: [
    { id: 'voyage-3.5', contextWindow: 32000, kind: 'embedding' },
    { id: 'voyage-3.5-lite', contextWindow: 32000, kind: 'embedding' },
    { id: 'voyage-3-large', contextWindow: 32000, kind: 'embedding' },
    { id: 'voyage-code-3', contextWindow: 32000, kind: 'embedding' },
    { id: 'rerank-2.5', contextWindow: 32000, kind: 'rerank' },
    { id: 'rerank-2.5-lite', contextWindow: 32000, kind: 'rerank' },
  ],
};
