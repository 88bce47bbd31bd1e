import type { ProviderDescriptor } from './types.js';

export const gemini: ProviderDescriptor = {
  id: 'gemini',
  prefix: 'gemini',
  name: 'Google Gemini',
  tier: 'api-key',
  format: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
  auth: 'x-goog-api-key',
  docsUrl: 'https://ai.google.dev/gemini-api/docs',
  keyUrl: 'https://aistudio.google.com/apikey',
  endpoints: { embeddings: ':batchEmbedContents' },
  models: [
    { id: 'gemini-2.5-pro', contextWindow: 1048576 },
    { id: 'gemini-2.5-flash', contextWindow: 1048576 },
    { id: 'gemini-2.5-flash-lite', contextWindow: 1048576 },
    { id: 'gemini-embedding-001', contextWindow: 2048, kind: 'embedding' },
    { id: 'text-embedding-004', contextWindow: 2048, kind: 'embedding' },
  ],
};
