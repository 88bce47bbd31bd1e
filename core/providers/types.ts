import type { QuotaWindowConfig } from '../config/usage-schema.js';
import type { WireFormat } from '../formats/canonical.js';
import type { UsageReaderName } from '../quota/usage-readers.js';

export const PROVIDER_TIERS = ['subscription', 'api-key', 'cheap', 'free', 'local', 'custom'] as const;
export type ProviderTier = (typeof PROVIDER_TIERS)[number];

/** How the upstream wants its credential. */
export type AuthKind = 'bearer' | 'x-api-key' | 'x-goog-api-key';

/**
 * What a model does, so a request to an endpoint only reaches models that serve it. A model
 * without a kind is a chat model.
 */
export const MODEL_KINDS = ['chat', 'embedding', 'image', 'transcription', 'speech', 'moderation', 'rerank'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface ModelInfo {
  id: string;
  contextWindow?: number;
  /** Absent = 'chat'. */
  kind?: ModelKind;
}

/**
 * The OpenAI-style endpoints besides chat that a gateway serves (`/v1/embeddings`, ...),
 * each named by what it does.
 */
export const SERVICE_ENDPOINTS = ['embeddings', 'images', 'transcriptions', 'speech', 'moderations', 'rerank'] as const;
export type ServiceEndpoint = (typeof SERVICE_ENDPOINTS)[number];

/**
 * A model server on this machine: no key, no quota, cost 0, and found by probing its default
 * port (core/local). `probe` says how to recognise it and read its models.
 */
export interface LocalServer {
  /** The port the server listens on when the user changed nothing. */
  defaultPort: number;
  /** 'ollama': GET /api/version and /api/tags; 'openai': GET /v1/models. */
  probe: 'ollama' | 'openai';
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
  /**
   * The service endpoints the provider serves, each as its path below `baseUrl` (e.g.
   * `{ embeddings: '/embeddings' }`). Absent: chat only. Gemini-format providers name their
   * embeddings path `:batchEmbedContents` (the call is translated, see core/services).
   */
  endpoints?: Partial<Record<ServiceEndpoint, string>>;
  /** Set for a model server on this machine (no key needed; see LocalServer). */
  local?: LocalServer;
  /** False when the provider has no `GET <base>/models` list: its declared models are the list. */
  listsModels?: false;
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
