import type { ProviderDescriptor } from './types.js';

/** llama.cpp's `llama-server`, OpenAI-compatible; it serves the one model it was started with. */
export const llamacpp: ProviderDescriptor = {
  id: 'llamacpp',
  prefix: 'llamacpp',
  name: 'llama.cpp server',
  tier: 'local',
  format: 'openai-chat',
  baseUrl: 'http://127.0.0.1:8080/v1',
  auth: 'bearer',
  docsUrl: 'https://github.com/ggml-org/llama.cpp/tree/master/tools/server',
  local: { defaultPort: 8080, probe: 'openai' },
  endpoints: { embeddings: '/embeddings', rerank: '/rerank' },
  models: [],
};
