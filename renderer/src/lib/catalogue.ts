import type { CatalogueEntry } from './views.js';
import { TIER_ORDER } from './contract-lists.js';

/** Whether an entry matches a search: its name, id, or one of its model ids. */
export function matchesQuery(entry: CatalogueEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return (
    entry.name.toLowerCase().includes(q) || entry.id.toLowerCase().includes(q) || entry.models.some((m) => m.id.toLowerCase().includes(q))
  );
}

export interface TierGroup {
  tier: string;
  entries: CatalogueEntry[];
}

/** Entries grouped by tier in the product's tier order, each group sorted by name. */
export function groupByTier(entries: readonly CatalogueEntry[]): TierGroup[] {
  const groups = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const list = groups.get(e.tier) ?? [];
    list.push(e);
    groups.set(e.tier, list);
  }
  const rank = (tier: string) => {
    const i = (TIER_ORDER as readonly string[]).indexOf(tier);
    return i === -1 ? TIER_ORDER.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([tier, list]) => ({ tier, entries: list.sort((a, b) => a.name.localeCompare(b.name)) }));
}

/** `<provider>/<model>` for every model of every provider that has an account: what a combo can route to. */
export function routableModels(entries: readonly CatalogueEntry[]): string[] {
  return entries.filter((e) => e.connectionCount > 0 && !e.disabled).flatMap((e) => e.models.map((m) => `${e.id}/${m.id}`));
}
