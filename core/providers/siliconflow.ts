import type { ProviderDescriptor } from './types.js';

/** SiliconFlow's international platform (siliconflow.com; the .cn platform has its own keys). */
export const siliconflow: ProviderDescriptor = {
  id: 'siliconflow',
  prefix: 'siliconflow',
  name: 'SiliconFlow',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.siliconflow.com/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.siliconflow.com/en/userguide/quickstart',
  keyUrl: 'https://cloud.siliconflow.com/account/ak',
  keyPrefix: 'sk-',
  endpoints: { embeddings: '/embeddings', rerank: '/rerank' },
  models: [
    { id: 'deepseek-ai/DeepSeek-V3.2', contextWindow: 164000 },
    { id: 'Qwen/Qwen3-Coder-480B-A35B-Instruct', contextWindow: 262000 },
    { id: 'openai/gpt-oss-120b', contextWindow: 131000 },
    { id: 'zai-org/GLM-4.5-Air', contextWindow: 131000 },
    { id: 'Qwen/Qwen3-8B', contextWindow: 131000 },
    { id: 'BAAI/bge-m3', contextWindow: 8192, kind: 'embedding' },
    { id: 'BAAI/bge-reranker-v2-m3', contextWindow: 8192, kind: 'rerank' },
  ],
};
