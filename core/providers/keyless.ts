import type { ProviderDescriptor } from './types.js';

/**
 * Whether an account may have no key: a model server on this machine answers anyone who can
 * reach it, and a server the user declared (a custom provider, such as any OpenAI-compatible
 * local URL) may want none. The built-in cloud providers always want one.
 */
export function mayHaveNoKey(provider: Pick<ProviderDescriptor, 'local' | 'tier'>): boolean {
  return provider.local !== undefined || provider.tier === 'custom';
}
