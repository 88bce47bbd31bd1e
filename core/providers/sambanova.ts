import type { ProviderDescriptor } from './types.js';

/**
 * SambaNova Cloud. An account without a payment method is on the free tier, whose limits are
 * per model and per day; the gateway learns them from the rate-limit headers rather than from
 * a window here.
 */
export const sambanova: ProviderDescriptor = {
  id: 'sambanova',
  prefix: 'sambanova',
  name: 'SambaNova',
  tier: 'free',
  format: 'openai-chat',
  baseUrl: 'https://api.sambanova.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.sambanova.ai/cloud/docs/get-started/overview',
  keyUrl: 'https://cloud.sambanova.ai/apis',
  models: [
    { id: 'Meta-Llama-3.3-70B-Instruct', contextWindow: 131072 },
    { id: 'gpt-oss-120b', contextWindow: 131072 },
    { id: 'DeepSeek-V3.1', contextWindow: 131072 },
    { id: 'DeepSeek-R1-0528', contextWindow: 131072 },
  ],
};
