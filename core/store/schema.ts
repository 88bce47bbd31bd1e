// Row shapes of the SQLite schema as Kysely sees them (snake_case, as stored). Repositories map
// them to the camelCase types the rest of core uses; nothing outside core/store imports these.

import type { Generated } from 'kysely';

export type ConnectionSource = 'config' | 'user';

export interface ProvidersTable {
  id: string;
  /** JSON text of a custom provider descriptor. */
  descriptor: string;
  source: Generated<ConnectionSource>;
  created_at: number;
  updated_at: number;
}

export interface CombosTable {
  name: string;
  /** JSON text of the combo as the config file spells it (strategy, sticky, enabled, members). */
  definition: string;
  source: ConnectionSource;
  created_at: number;
  updated_at: number;
}

export interface AccountTermsTable {
  connection_id: string;
  billing: 'metered' | 'subscription' | null;
  /** JSON array of quota windows. */
  quota: string | null;
  updated_at: number;
}

export interface AliasesTable {
  alias: string;
  target: string;
  source: ConnectionSource;
  created_at: number;
  updated_at: number;
}

export interface ConnectionsTable {
  id: string;
  provider_id: string;
  label: string;
  priority: number;
  /** 0 or 1: SQLite has no boolean type. */
  enabled: number;
  base_url: string | null;
  /** A reference into the secret store, never the secret itself. */
  secret_ref: string | null;
  source: ConnectionSource;
  created_at: number;
  updated_at: number;
}

export interface SettingsTable {
  key: string;
  /** JSON text. */
  value: string;
}

export interface RequestLogTable {
  id: string;
  ts: number;
  client_format: string;
  requested_model: string;
  provider_id: string | null;
  connection_id: string | null;
  upstream_model: string | null;
  upstream_format: string | null;
  stream: number;
  status: number;
  latency_ms: number;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cached_tokens: number | null;
  reasoning_tokens: number | null;
  error_code: string | null;
  attempts: Generated<number>;
  fallbacks: Generated<number>;
  key_label: string | null;
  cache_write_tokens: number | null;
  cost_usd: number | null;
  /** 1 when the token counts were estimated from the text, not reported by the upstream. */
  usage_estimated: Generated<number>;
  /** JSON array of what translation dropped or changed; NULL when nothing was. */
  warnings: string | null;
  /** 'count_tokens' for a token count; NULL for a generation. */
  endpoint: string | null;
  /** JSON of the upstream attempts (logged-attempts.ts); NULL for no call, and in rows from before the column. */
  attempt_list: string | null;
}

export type RequestBodyKind = 'client_request' | 'upstream_request' | 'upstream_response' | 'client_response';

export interface RequestBodiesTable {
  request_id: string;
  kind: RequestBodyKind;
  ts: number;
  body: string;
  truncated: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  ts: number;
  actor: string;
  action: string;
  target: string;
  /** JSON: what changed, never a secret. */
  detail: string;
}

export interface GatewayKeysTable {
  id: string;
  label: string;
  /** sha256 of the key, hex; the key itself is shown once and never stored. */
  hash: string;
  /** The key's first characters, to tell keys apart in a list. */
  hint: string;
  /** JSON array of model patterns; [] = every model. */
  scopes: string;
  expires_at: number | null;
  created_at: number;
  revoked_at: number | null;
}

export interface StoreSchema {
  audit_log: AuditLogTable;
  gateway_keys: GatewayKeysTable;
  providers: ProvidersTable;
  combos: CombosTable;
  aliases: AliasesTable;
  account_terms: AccountTermsTable;
  connections: ConnectionsTable;
  settings: SettingsTable;
  request_log: RequestLogTable;
  request_bodies: RequestBodiesTable;
}
