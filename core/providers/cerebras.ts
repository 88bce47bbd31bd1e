import type { ProviderDescriptor } from './types.js';

export const cerebras: ProviderDescriptor = {
  id: 'cerebras',
  prefix: 'cerebras',
  name: 'Cerebras',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.cerebras.ai/v1',
  auth: 'bearer',
  docsUrl: 'https://inference-docs.cerebras.ai/quickstart',
  keyUrl: 'https://cloud.cerebras.ai',
  keyPrefix: 'csk-',
  models: [
    { id: 'gpt-oss-120b', contextWindow: 131072 },
    { id: 'qwen-3-coder-480b', contextWindow: 131072 },
  ],
};
