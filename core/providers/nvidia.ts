import type { ProviderDescriptor } from './types.js';

export const nvidia: ProviderDescriptor = {
  id: 'nvidia',
  prefix: 'nvidia',
  name: 'NVIDIA NIM',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://integrate.api.nvidia.com/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.api.nvidia.com/nim/reference/llm-apis',
  keyUrl: 'https://build.nvidia.com/settings/api-keys',
  keyPrefix: 'nvapi-',
  models: [
    { id: 'meta/llama-3.3-70b-instruct', contextWindow: 128000 },
    { id: 'qwen/qwen3-coder-480b-a35b-instruct', contextWindow: 262144 },
  ],
};
