import type { ProviderDescriptor } from './types.js';

/** Scaleway Generative APIs, served from European data centres. The key is an IAM secret key. */
export const scaleway: ProviderDescriptor = {
  id: 'scaleway',
  prefix: 'scaleway',
  name: 'Scaleway',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.scaleway.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://www.scaleway.com/en/docs/generative-apis/',
  keyUrl: 'https://console.scaleway.com/iam/api-keys',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'llama-3.3-70b-instruct', contextWindow: 100000 },
    { id: 'gpt-oss-120b', contextWindow: 128000 },
    { id: 'qwen3-235b-a22b-instruct-2507', contextWindow: 250000 },
    { id: 'qwen3-coder-30b-a3b-instruct', contextWindow: 128000 },
    { id: 'mistral-small-3.2-24b-instruct-2506', contextWindow: 128000 },
    { id: 'bge-multilingual-gemma2', contextWindow: 8191, kind: 'embedding' },
    { id: 'qwen3-embedding-8b', contextWindow: 32768, kind: 'embedding' },
  ],
};
