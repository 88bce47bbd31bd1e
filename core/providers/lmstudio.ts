import type { ProviderDescriptor } from './types.js';

/** LM Studio's local server (Developer tab → Start server), OpenAI-compatible. */
export const lmstudio: ProviderDescriptor = {
  id: 'lmstudio',
  prefix: 'lmstudio',
  name: 'LM Studio',
  tier: 'local',
  format: 'openai-chat',
  baseUrl: 'http://127.0.0.1:1234/v1',
  auth: 'bearer',
  docsUrl: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
  local: { defaultPort: 1234, probe: 'openai' },
  endpoints: { embeddings: '/embeddings' },
  models: [],
};
