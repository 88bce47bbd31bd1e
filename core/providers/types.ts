import type { QuotaWindowConfig } from '../config/usage-schema.js';
import type { WireFormat } from '../formats/canonical.js';
import type { UsageReaderName } from '../quota/usage-readers.js';

export const PROVIDER_TIERS = ['subscription', 'api-key', 'cheap', 'free', 'custom'] as const;
export type ProviderTier = (typeof PROVIDER_TIERS)[number];

/** How the upstream wants its credential. */
export type AuthKind = 'bearer' | 'x-api-key' | 'x-goog-api-key';

export interface ModelInfo {
  id: string;
  contextWindow?: number;
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
  /** Where the account's quota can be learned besides counting (see core/quota). */
  quota?: ProviderQuota;
  /** The provider's API documentation (https URL). */
  docsUrl?: string;
  /** The page where a user creates an API key (https URL). */
  keyUrl?: string;
  /** How the provider's keys start, when they always do (e.g. `gsk_`); used only to warn about a key that looks like another provider's. */
  keyPrefix?: string;
}

export interface ProviderQuota {
  /**
   * A GET endpoint that reports the account's usage or balance, polled on a schedule.
   * `path` is resolved against the origin of the account's base URL (e.g. `/api/v1/key`);
   * `reader` names the function that reads its JSON.
   */
  usageEndpoint?: { path: string; reader: UsageReaderName };
  /** Windows every account of the provider has, counted by the gateway unless the account's config gives its own. */
  windows?: QuotaWindowConfig[];
}
