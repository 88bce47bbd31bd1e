import type { ProviderDescriptor } from './types.js';

/**
 * GitHub Models, free with a GitHub account: the key is a personal access token with the
 * `models: read` permission. Its limits are per model (requests a minute and a day, by the
 * model's rate-limit tier and the account's Copilot plan), so the gateway learns them from
 * 429 answers rather than from an account-wide window. Its model catalogue is served at
 * /catalog/models, not below the inference base URL.
 */
export const github: ProviderDescriptor = {
  id: 'github',
  prefix: 'github',
  name: 'GitHub Models',
  tier: 'free',
  format: 'openai-chat',
  baseUrl: 'https://models.github.ai/inference',
  auth: 'bearer',
  docsUrl: 'https://docs.github.com/en/github-models',
  keyUrl: 'https://github.com/settings/personal-access-tokens',
  // GitHub's free use caps a request at 8,000 input tokens, whatever the model's own window.
  // GitHub Models lists its catalogue at /catalog/models, not below the inference URL.
  listsModels: false,
  models: [
    { id: 'openai/gpt-4o-mini', contextWindow: 8000 },
    { id: 'openai/gpt-4.1', contextWindow: 8000 },
    { id: 'openai/gpt-4o', contextWindow: 8000 },
    { id: 'meta/llama-3.3-70b-instruct', contextWindow: 8000 },
    { id: 'deepseek/deepseek-v3-0324', contextWindow: 8000 },
    { id: 'mistral-ai/mistral-small-2503', contextWindow: 8000 },
  ],
};
