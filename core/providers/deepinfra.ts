import type { ProviderDescriptor } from './types.js';

export const deepinfra: ProviderDescriptor = {
  id: 'deepinfra',
  prefix: 'deepinfra',
  name: 'DeepInfra',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.deepinfra.com/v1/openai',
  auth: 'bearer',
  docsUrl: 'https://deepinfra.com/docs/openai_api',
  keyUrl: 'https://deepinfra.com/dash/api_keys',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', contextWindow: 131072 },
    { id: 'openai/gpt-oss-120b', contextWindow: 131072 },
    { id: 'Qwen/Qwen3-Coder-480B-A35B-Instruct-Turbo', contextWindow: 262144 },
    { id: 'zai-org/GLM-4.6', contextWindow: 202752 },
    { id: 'deepseek-ai/DeepSeek-V3.2', contextWindow: 163840 },
    { id: 'BAAI/bge-m3', contextWindow: 8192, kind: 'embedding' },
  ],
};
