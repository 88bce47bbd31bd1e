/**
 * What the Playground can ask for, as a client could: every enabled combo, every alias, and
 * every model of a provider that has an account (the same list combos pick from).
 */
import { routableModels } from './catalogue.js';
import type { CatalogueEntry, ComboView } from './views.js';

export interface ModelChoice {
  /** What the request names. */
  value: string;
  kind: 'combo' | 'alias' | 'model';
  /** For an alias, what it stands for. */
  target?: string;
}

export interface AliasLike {
  from: string;
  to: string;
}

export function modelChoices(catalogue: readonly CatalogueEntry[], combos: readonly ComboView[], aliases: readonly AliasLike[]): ModelChoice[] {
  const byName = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
  const seen = new Set<string>();
  const out: ModelChoice[] = [];
  const add = (choice: ModelChoice) => {
    if (seen.has(choice.value)) return;
    seen.add(choice.value);
    out.push(choice);
  };
  for (const c of combos.filter((c) => c.enabled).map((c) => ({ value: c.name })).sort(byName)) add({ value: c.value, kind: 'combo' });
  for (const a of [...aliases].map((a) => ({ value: a.from, target: a.to })).sort(byName)) add({ value: a.value, kind: 'alias', target: a.target });
  for (const m of routableModels(catalogue).sort()) add({ value: m, kind: 'model' });
  return out;
}

/** The choice to start with: the one used last if it is still there, else the first combo or model. */
export function initialChoice(choices: readonly ModelChoice[], last: string | null): string | null {
  if (last !== null && choices.some((c) => c.value === last)) return last;
  return choices[0]?.value ?? null;
}
