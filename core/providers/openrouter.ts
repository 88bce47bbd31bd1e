import type { ProviderDescriptor } from './types.js';

export const openrouter: ProviderDescriptor = {
  id: 'openrouter',
  prefix: 'openrouter',
  name: 'OpenRouter',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://openrouter.ai/api/v1',
  auth: 'bearer',
  docsUrl: 'https://openrouter.ai/docs/quickstart',
  keyUrl: 'https://openrouter.ai/settings/keys',
  keyPrefix: 'sk-or-',
  quota: { usageEndpoint: { path: '/api/v1/key', reader: 'openrouter-key' } },
  models: [
    { id: 'anthropic/claude-sonnet-4.5', contextWindow: 1000000 },
    { id: 'openai/gpt-5', contextWindow: 400000 },
    { id: 'qwen/qwen3-coder', contextWindow: 262144 },
  ],
};
