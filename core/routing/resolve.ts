import type { CanonicalError } from '../formats/canonical.js';
import { DEPRECATED_MODELS } from '../providers/deprecated-models.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { ComboRoute, RouteTable, RuntimeConnection } from './route-table.js';

export interface RouteTarget {
  provider: ProviderDescriptor;
  connection: RuntimeConnection;
  /** The provider's own model id (prefix removed). */
  model: string;
}

/** One model at one provider, with the accounts that may serve it (best priority first). */
export interface CandidateGroup {
  provider: ProviderDescriptor;
  model: string;
  connections: readonly RuntimeConnection[];
}

export type ResolvedGroups = { ok: true; groups: CandidateGroup[]; combo?: ComboRoute } | { ok: false; error: CanonicalError };
export type Resolved = { ok: true; target: RouteTarget } | { ok: false; error: CanonicalError };

function notFound(message: string): { ok: false; error: CanonicalError } {
  return { ok: false, error: { status: 404, kind: 'not_found', message } };
}

/**
 * Applies a user alias (exact, else the longest matching wildcard `claude-*`), else the
 * built-in successor of a retired model id when that successor can be routed.
 */
export function applyAlias(table: RouteTable, requested: string): string {
  const exact = table.aliases.get(requested);
  if (exact) return exact;
  for (const w of table.wildcardAliases) {
    if (requested.startsWith(w.from)) return w.to + requested.slice(w.from.length);
  }
  // Own keys only: a model named `__proto__` or `constructor` must not read Object.prototype (fuzz, issue 10).
  const successor = Object.hasOwn(DEPRECATED_MODELS, requested) ? DEPRECATED_MODELS[requested] : undefined;
  if (successor && !table.modelOwners.has(requested)) {
    const provider = table.byPrefix.get(successor.slice(0, successor.indexOf('/')));
    if (provider && table.connections.has(provider.id)) return successor;
  }
  return requested;
}

function providerGroup(table: RouteTable, provider: ProviderDescriptor, model: string, pin?: string): CandidateGroup {
  const all = table.connections.get(provider.id) ?? [];
  return { provider, model, connections: pin ? all.filter((c) => c.label === pin) : all };
}

/**
 * Turns what the client put in `model` into candidate groups: a combo's members in order, or
 * the one provider and model it names. `prefix/model` names the provider explicitly (the
 * model part may itself contain '/', as OpenRouter ids do); a bare id goes to the providers
 * that declare it; aliases are applied first and may name a combo.
 */
export function resolveGroups(table: RouteTable, requested: string): ResolvedGroups {
  const direct = table.combos.get(requested);
  // An alias may name a combo as well as a model ("fast: team").
  const name = direct ? requested : applyAlias(table, requested);
  const combo = direct ?? table.combos.get(name);
  if (combo) {
    const groups = combo.members.map((m) => providerGroup(table, m.provider, m.model, m.connectionLabel)).filter((g) => g.connections.length > 0);
    if (groups.length === 0) return notFound(`No member of the combo "${combo.name}" has an enabled connection.`);
    return { ok: true, groups, combo };
  }
  const slash = name.indexOf('/');
  if (slash > 0) {
    const provider = table.byPrefix.get(name.slice(0, slash));
    const model = name.slice(slash + 1);
    if (provider && model) {
      const group = providerGroup(table, provider, model);
      if (group.connections.length === 0) {
        return notFound(`Provider "${provider.name}" has no enabled connection. Add an API key for it, then retry.`);
      }
      return { ok: true, groups: [group] };
    }
  }
  const owners = (table.modelOwners.get(name) ?? []).map((p) => providerGroup(table, p, name)).filter((g) => g.connections.length > 0);
  if (owners.length > 0) return { ok: true, groups: owners };
  return notFound(
    `The model "${requested}" is not served by any configured provider. Use "<provider>/<model>"; GET /v1/models lists what this gateway can route.`,
  );
}

/** The first candidate, ignoring availability: what a model name resolves to before routing orders it. */
export function resolveModel(table: RouteTable, requested: string): Resolved {
  const r = resolveGroups(table, requested);
  if (!r.ok) return r;
  const group = r.groups[0]!;
  return { ok: true, target: { provider: group.provider, connection: group.connections[0]!, model: group.model } };
}
