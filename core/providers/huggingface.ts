import type { ProviderDescriptor } from './types.js';

/**
 * Hugging Face Inference Providers: one router in front of many inference companies. A model
 * costs what the provider the router picks charges for it, so no fixed price is listed; every
 * account gets a small monthly credit (more with PRO).
 */
export const huggingface: ProviderDescriptor = {
  id: 'huggingface',
  prefix: 'huggingface',
  name: 'Hugging Face',
  tier: 'free',
  format: 'openai-chat',
  baseUrl: 'https://router.huggingface.co/v1',
  auth: 'bearer',
  docsUrl: 'https://huggingface.co/docs/inference-providers/index',
  keyUrl: 'https://huggingface.co/settings/tokens',
  keyPrefix: 'hf_',
  models: [
    { id: 'openai/gpt-oss-120b', contextWindow: 131072 },
    { id: 'meta-llama/Llama-3.3-70B-Instruct', contextWindow: 131072 },
    { id: 'Qwen/Qwen3-Coder-480B-A35B-Instruct', contextWindow: 262144 },
    { id: 'moonshotai/Kimi-K2-Instruct-0905', contextWindow: 262144 },
    { id: 'zai-org/GLM-4.6', contextWindow: 200000 },
    { id: 'deepseek-ai/DeepSeek-V3.2', contextWindow: 163840 },
  ],
};
