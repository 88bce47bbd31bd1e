import type { ProviderDescriptor } from './types.js';

export const anthropic: ProviderDescriptor = {
  id: 'anthropic',
  prefix: 'anthropic',
  name: 'Anthropic',
  tier: 'api-key',
  format: 'anthropic',
  baseUrl: 'https://api.anthropic.com/v1',
  auth: 'x-api-key',
  docsUrl: 'https://platform.claude.com/docs/en/api/overview',
  keyUrl: 'https://platform.claude.com/settings/keys',
  keyPrefix: 'sk-ant-',
  // Anthropic rejects requests without an API version header.
  headers: { 'anthropic-version': '2023-06-01' },
  models: [
    { id: 'claude-sonnet-4-5', contextWindow: 200000 },
    { id: 'claude-opus-4-1', contextWindow: 200000 },
    { id: 'claude-haiku-4-5', contextWindow: 200000 },
  ],
};
