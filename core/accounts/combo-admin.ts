/**
 * Combos edited at runtime: create, update (rename, strategy, members), reorder, enable and
 * delete, each checked like the config file checks them, applied to routing at once and
 * written to the audit log.
 */
import type { ComboConfig, StrategyName } from '../config/routing-schema.js';
import { parseStoredCombo } from './stored-combo.js';
import { memberProblem } from '../config/combo-members.js';
import type { StoredCombo } from '../store/index.js';
import { AdminRefusal } from './admin-refusal.js';
import { auditOf, fileOwned, type RoutingAdminDeps } from './routing-admin-context.js';

export interface ComboView {
  name: string;
  strategy: StrategyName;
  sticky: number | null;
  enabled: boolean;
  members: Array<{ model: string; connection: string | null }>;
  source: 'file' | 'user';
  createdAt: number;
  updatedAt: number;
}

type Members = ComboConfig['members'];
export interface ComboUpdate {
  name: string;
  rename?: string | undefined;
  strategy?: StrategyName | undefined;
  sticky?: number | null | undefined;
  enabled?: boolean | undefined;
  members?: Members | undefined;
}

export interface ComboAdmin {
  list(): Promise<ComboView[]>;
  create(input: ComboConfig, actor: string): Promise<ComboView>;
  update(input: ComboUpdate, actor: string): Promise<ComboView>;
  reorder(name: string, order: readonly number[], actor: string): Promise<ComboView>;
  remove(name: string, actor: string): Promise<void>;
}

export function createComboAdmin(deps: RoutingAdminDeps): ComboAdmin {
  const { store } = deps;
  const audit = auditOf(deps);

  const view = (row: StoredCombo, combo: ComboConfig): ComboView => ({
    name: combo.name,
    strategy: combo.strategy ?? 'fill-first',
    sticky: combo.sticky ?? null,
    enabled: combo.enabled ?? true,
    members: combo.members.map((m) => ({ model: m.model, connection: m.connection ?? null })),
    source: row.source === 'config' ? 'file' : 'user',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
  const find = async (name: string): Promise<{ row: StoredCombo; combo: ComboConfig }> => {
    const row = (await store.combos.list()).find((c) => c.name === name);
    const combo = row && parseStoredCombo(row);
    if (!row || !combo) throw new AdminRefusal(`There is no combo named "${name}".`);
    if (row.source === 'config') throw fileOwned(`The combo "${name}"`, deps.configPath);
    return { row, combo };
  };
  const checkMembers = async (members: Members): Promise<void> => {
    const ctx = await deps.members();
    for (const [i, m] of members.entries()) {
      const problem = memberProblem(m, ctx);
      if (problem) throw new AdminRefusal(`members.${i}.${problem.field}: ${problem.message}`);
    }
  };
  const save = async (combo: ComboConfig): Promise<ComboView> => {
    const { name, ...definition } = combo;
    await store.combos.upsert(name, definition, 'user');
    await deps.reload();
    const row = (await store.combos.list()).find((c) => c.name === name);
    if (!row) throw new Error(`combo "${name}" vanished after it was written`);
    return view(row, combo);
  };

  return {
    async list() {
      return (await store.combos.list()).flatMap((row) => {
        const combo = parseStoredCombo(row);
        return combo ? [view(row, combo)] : [];
      });
    },

    async create(input, actor) {
      if ((await store.combos.list()).some((c) => c.name === input.name)) throw new AdminRefusal(`A combo named "${input.name}" already exists. Pick another name.`);
      await checkMembers(input.members);
      const created = await save(input);
      await audit(actor, 'combos.create', input.name, { strategy: created.strategy, enabled: created.enabled, members: input.members });
      return created;
    },

    async update(input, actor) {
      const { combo } = await find(input.name);
      const name = input.rename ?? combo.name;
      if (name !== combo.name && (await store.combos.list()).some((c) => c.name === name)) throw new AdminRefusal(`A combo named "${name}" already exists. Pick another name.`);
      if (input.members) await checkMembers(input.members);
      const next: ComboConfig = { ...combo, name };
      if (input.strategy !== undefined) next.strategy = input.strategy;
      if (input.sticky === null) delete next.sticky;
      else if (input.sticky !== undefined) next.sticky = input.sticky;
      if (input.enabled !== undefined) next.enabled = input.enabled;
      if (input.members !== undefined) next.members = input.members;
      if (name !== combo.name) await store.combos.rename(combo.name, name);
      const updated = await save(next);
      const changed: Record<string, unknown> = {};
      for (const key of ['strategy', 'sticky', 'enabled', 'members'] as const) {
        if (JSON.stringify(combo[key]) !== JSON.stringify(next[key])) changed[key] = { from: combo[key] ?? null, to: next[key] ?? null };
      }
      if (name !== combo.name) changed.name = { from: combo.name, to: name };
      await audit(actor, 'combos.update', name, changed);
      return updated;
    },

    async reorder(name, order, actor) {
      const { combo } = await find(name);
      const sorted = [...order].sort((a, b) => a - b);
      if (sorted.length !== combo.members.length || sorted.some((v, i) => v !== i)) {
        throw new AdminRefusal(`order must list each of the ${combo.members.length} member positions (0 to ${combo.members.length - 1}) once.`);
      }
      const members = order.map((i) => combo.members[i]!);
      const updated = await save({ ...combo, members });
      await audit(actor, 'combos.reorder', name, { order: [...order] });
      return updated;
    },

    async remove(name, actor) {
      await find(name);
      await store.combos.remove(name);
      await deps.reload();
      await audit(actor, 'combos.delete', name, {});
    },
  };
}
