import type { ProviderDescriptor } from './types.js';

/** Jina AI: embeddings and rerank only, no chat. */
export const jina: ProviderDescriptor = {
  id: 'jina',
  prefix: 'jina',
  name: 'Jina AI',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.jina.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://jina.ai/embeddings/',
  keyUrl: 'https://jina.ai/api-dashboard/',
  keyPrefix: 'jina_',
  endpoints: { embeddings: '/embeddings', rerank: '/rerank' },
  // Jina has no model list endpoint.
  listsModels: false,
  models: [
    { id: 'jina-embeddings-v3', contextWindow: 8192, kind: 'embedding' },
    { id: 'jina-embeddings-v4', contextWindow: 32768, kind: 'embedding' },
    { id: 'jina-reranker-v2-base-multilingual', contextWindow: 8192, kind: 'rerank' },
    { id: 'jina-reranker-m0', contextWindow: 10240, kind: 'rerank' },
  ],
};
