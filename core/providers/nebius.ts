import type { ProviderDescriptor } from './types.js';

/** Nebius Token Factory (formerly Nebius AI Studio). */
export const nebius: ProviderDescriptor = {
  id: 'nebius',
  prefix: 'nebius',
  name: 'Nebius Token Factory',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.tokenfactory.nebius.com/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.tokenfactory.nebius.com/api-reference/introduction',
  keyUrl: 'https://tokenfactory.nebius.com/',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'meta-llama/Llama-3.3-70B-Instruct', contextWindow: 128000 },
    { id: 'openai/gpt-oss-120b', contextWindow: 128000 },
    { id: 'Qwen/Qwen3-235B-A22B-Instruct-2507', contextWindow: 262144 },
    { id: 'Qwen/Qwen3-30B-A3B-Instruct-2507', contextWindow: 128000 },
    { id: 'Qwen/Qwen3-32B', contextWindow: 128000 },
    { id: 'Qwen/Qwen3-Embedding-8B', contextWindow: 32768, kind: 'embedding' },
  ],
};
