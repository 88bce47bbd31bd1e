import type { ProviderDescriptor } from './types.js';

/** Ollama on this machine. Its models are whatever the user pulled: read live from /api/tags. */
export const ollama: ProviderDescriptor = {
  id: 'ollama',
  prefix: 'ollama',
  name: 'Ollama',
  tier: 'local',
  format: 'openai-chat',
  baseUrl: 'http://127.0.0.1:11434/v1',
  auth: 'bearer',
  docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/api.md',
  local: { defaultPort: 11434, probe: 'ollama' },
  endpoints: { embeddings: '/embeddings' },
  models: [],
};
