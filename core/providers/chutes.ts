import type { ProviderDescriptor } from './types.js';

export const chutes: ProviderDescriptor = {
  id: 'chutes',
  prefix: 'chutes',
  name: 'Chutes',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://llm.chutes.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://chutes.ai/docs',
  keyUrl: 'https://chutes.ai/app/api',
  keyPrefix: 'cpk_',
  models: [
    { id: 'Qwen/Qwen3-32B-TEE', contextWindow: 40960 },
    { id: 'Qwen/Qwen3-235B-A22B-Thinking-2507-TEE', contextWindow: 262144 },
    { id: 'zai-org/GLM-5-TEE', contextWindow: 202752 },
    { id: 'MiniMaxAI/MiniMax-M2.5-TEE', contextWindow: 196608 },
  ],
};
