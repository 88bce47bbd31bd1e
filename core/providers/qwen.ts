import type { ProviderDescriptor } from './types.js';

/**
 * Alibaba Cloud Model Studio (DashScope), international edition in Singapore. Its keys work
 * only in the region that issued them, so a mainland-China key needs the account's base URL
 * set to https://dashscope.aliyuncs.com/compatible-mode/v1.
 */
export const qwen: ProviderDescriptor = {
  id: 'qwen',
  prefix: 'qwen',
  name: 'Alibaba Qwen (Model Studio)',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  auth: 'bearer',
  docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
  keyUrl: 'https://modelstudio.console.alibabacloud.com/?tab=playground#/api-key',
  keyPrefix: 'sk-',
  endpoints: { embeddings: '/embeddings' },
  models: [
    { id: 'qwen-plus', contextWindow: 1000000 },
    { id: 'qwen3-max', contextWindow: 262144 },
    { id: 'qwen-flash', contextWindow: 1000000 },
    { id: 'qwen3-coder-plus', contextWindow: 1048576 },
    { id: 'qwen3-coder-flash', contextWindow: 1000000 },
    { id: 'text-embedding-v4', contextWindow: 8192, kind: 'embedding' },
    { id: 'text-embedding-v3', contextWindow: 8192, kind: 'embedding' },
  ],
};
