import type { ProviderDescriptor } from './types.js';

export const hyperbolic: ProviderDescriptor = {
  id: 'hyperbolic',
  prefix: 'hyperbolic',
  name: 'Hyperbolic',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.hyperbolic.xyz/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.hyperbolic.xyz/docs/getting-started',
  keyUrl: 'https://app.hyperbolic.xyz/settings',
  models: [
    { id: 'meta-llama/Llama-3.3-70B-Instruct', contextWindow: 131072 },
    { id: 'deepseek-ai/DeepSeek-V3-0324', contextWindow: 131072 },
    { id: 'deepseek-ai/DeepSeek-R1-0528', contextWindow: 131072 },
    { id: 'Qwen/Qwen3-235B-A22B', contextWindow: 131072 },
  ],
};
