import type { ProviderDescriptor } from './types.js';

/**
 * Ollama on this machine, called through its native API (`/api/chat`, NDJSON streams), which
 * carries what its OpenAI-compatible /v1 does not (thinking, images as base64, per-request
 * options). Its base URL is the server's root: the native API has no version segment, and the
 * embeddings go to Ollama's OpenAI-compatible path below it. Its models are whatever the user
 * pulled: read live from /api/tags.
 */
export const ollama: ProviderDescriptor = {
  id: 'ollama',
  prefix: 'ollama',
  name: 'Ollama',
  tier: 'local',
  format: 'ollama',
  baseUrl: 'http://127.0.0.1:11434',
  auth: 'bearer',
  docsUrl: 'https://github.com/ollama/ollama/blob/main/docs/api.md',
  local: { defaultPort: 11434, probe: 'ollama' },
  endpoints: { embeddings: '/v1/embeddings' },
  models: [],
};
