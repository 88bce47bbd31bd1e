import type { ProviderDescriptor } from './types.js';

export const groq: ProviderDescriptor = {
  id: 'groq',
  prefix: 'groq',
  name: 'Groq',
  tier: 'api-key',
  format: 'openai-chat',
  baseUrl: 'https://api.groq.com/openai/v1',
  auth: 'bearer',
  docsUrl: 'https://console.groq.com/docs/quickstart',
  keyUrl: 'https://console.groq.com/keys',
  keyPrefix: 'gsk_',
  endpoints: { transcriptions: '/audio/transcriptions' },
  models: [
    { id: 'llama-3.3-70b-versatile', contextWindow: 131072 },
    { id: 'openai/gpt-oss-120b', contextWindow: 131072 },
    { id: 'moonshotai/kimi-k2-instruct-0905', contextWindow: 262144 },
    { id: 'whisper-large-v3-turbo', kind: 'transcription' },
    { id: 'whisper-large-v3', kind: 'transcription' },
  ],
};
