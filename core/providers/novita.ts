import type { ProviderDescriptor } from './types.js';

export const novita: ProviderDescriptor = {
  id: 'novita',
  prefix: 'novita',
  name: 'Novita AI',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.novita.ai/openai/v1',
  auth: 'bearer',
  docsUrl: 'https://novita.ai/docs/guides/llm-api',
  keyUrl: 'https://novita.ai/settings/key-management',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'meta-llama/llama-3.3-70b-instruct', contextWindow: 131072 },
    { id: 'openai/gpt-oss-120b', contextWindow: 131072 },
    { id: 'deepseek/deepseek-v3.2', contextWindow: 163840 },
    { id: 'qwen/qwen3-coder-480b-a35b-instruct', contextWindow: 262144 },
    { id: 'moonshotai/kimi-k2-0905', contextWindow: 262144 },
    { id: 'zai-org/glm-4.6', contextWindow: 204800 },
    { id: 'baai/bge-m3', contextWindow: 8192, kind: 'embedding' },
  ],
};
