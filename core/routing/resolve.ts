import type { CanonicalError } from '../formats/canonical.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { RouteTable, RuntimeConnection } from './route-table.js';

export interface RouteTarget {
  provider: ProviderDescriptor;
  connection: RuntimeConnection;
  /** The provider's own model id (prefix removed). */
  model: string;
}

export type Resolved = { ok: true; target: RouteTarget } | { ok: false; error: CanonicalError };

function notFound(message: string): Resolved {
  return { ok: false, error: { status: 404, kind: 'not_found', message } };
}

/**
 * Turns what the client put in `model` into a provider, account and upstream model id.
 * `prefix/model` names the provider explicitly (the model part may itself contain '/', as
 * OpenRouter ids do); a bare id goes to the first provider that declares it.
 */
export function resolveModel(table: RouteTable, requested: string): Resolved {
  const slash = requested.indexOf('/');
  if (slash > 0) {
    const provider = table.byPrefix.get(requested.slice(0, slash));
    const model = requested.slice(slash + 1);
    if (provider && model) {
      const connection = table.connections.get(provider.id)?.[0];
      if (!connection) {
        return notFound(`Provider "${provider.name}" has no enabled connection. Add an API key for it, then retry.`);
      }
      return { ok: true, target: { provider, connection, model } };
    }
  }
  for (const provider of table.modelOwners.get(requested) ?? []) {
    const connection = table.connections.get(provider.id)?.[0];
    if (connection) return { ok: true, target: { provider, connection, model: requested } };
  }
  return notFound(
    `The model "${requested}" is not served by any configured provider. Use "<provider>/<model>"; GET /v1/models lists what this gateway can route.`,
  );
}
