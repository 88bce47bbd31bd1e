import type { ProviderDescriptor } from './types.js';

/** vLLM's OpenAI-compatible server (`vllm serve <model>`). */
export const vllm: ProviderDescriptor = {
  id: 'vllm',
  prefix: 'vllm',
  name: 'vLLM',
  tier: 'local',
  format: 'openai-chat',
  baseUrl: 'http://127.0.0.1:8000/v1',
  auth: 'bearer',
  docsUrl: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  local: { defaultPort: 8000, probe: 'openai' },
  endpoints: { embeddings: '/embeddings', rerank: '/rerank', transcriptions: '/audio/transcriptions' },
  models: [],
};
