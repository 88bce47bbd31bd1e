import type { WireFormat } from '../formats/canonical.js';

export type ProviderTier = 'subscription' | 'api-key' | 'cheap' | 'free' | 'custom';

/** How the upstream wants its credential. */
export type AuthKind = 'bearer' | 'x-api-key' | 'x-goog-api-key';

export interface ModelInfo {
  id: string;
  contextWindow?: number;
  /** USD per million tokens. */
  inputPrice?: number;
  outputPrice?: number;
  cachedInputPrice?: number;
}

/**
 * A provider is data. Everything the gateway needs to call it is here; no code outside a
 * provider's own files compares against its id.
 */
export interface ProviderDescriptor {
  id: string;
  /** What clients put before the slash: `<prefix>/<model>`. */
  prefix: string;
  name: string;
  tier: ProviderTier;
  format: WireFormat;
  /** Includes the API version segment (`.../v1`, `.../v1beta`). */
  baseUrl: string;
  auth: AuthKind;
  /** Sent on every upstream request (e.g. Anthropic's API version). */
  headers?: Record<string, string>;
  models: ModelInfo[];
}
