import type { ProviderDescriptor } from './types.js';

export const minimax: ProviderDescriptor = {
  id: 'minimax',
  prefix: 'minimax',
  name: 'MiniMax',
  tier: 'cheap',
  format: 'openai-chat',
  baseUrl: 'https://api.minimax.io/v1',
  auth: 'bearer',
  docsUrl: 'https://platform.minimax.io/docs/guides/quickstart',
  keyUrl: 'https://platform.minimax.io/user-center/basic-information/interface-key',
  models: [
    { id: 'MiniMax-M2', contextWindow: 204800 },
  ],
};
