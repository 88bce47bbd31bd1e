/** Aliases edited at runtime: set and delete, checked like the file's, applied at once, audited. */
import { aliasesSchema } from '../config/routing-schema.js';
import { AdminRefusal } from './admin-refusal.js';
import { auditOf, fileOwned, type RoutingAdminDeps } from './routing-admin-context.js';

export interface AliasView {
  from: string;
  to: string;
  source: 'file' | 'user';
}

export interface AliasAdmin {
  list(): Promise<AliasView[]>;
  set(from: string, to: string, actor: string): Promise<AliasView>;
  remove(from: string, actor: string): Promise<void>;
}

export function createAliasAdmin(deps: RoutingAdminDeps): AliasAdmin {
  const { store } = deps;
  const audit = auditOf(deps);
  const ownedByFile = async (from: string): Promise<void> => {
    const row = (await store.aliases.list()).find((a) => a.from === from);
    if (row?.source === 'config') throw fileOwned(`The alias "${from}"`, deps.configPath);
  };
  return {
    async list() {
      return (await store.aliases.list()).map((a) => ({ from: a.from, to: a.to, source: a.source === 'config' ? 'file' : 'user' }));
    },

    async set(from, to, actor) {
      const parsed = aliasesSchema.safeParse({ [from]: to });
      if (!parsed.success) throw new AdminRefusal(parsed.error.issues[0]?.message ?? 'not a valid alias');
      if (from.includes('*') !== to.includes('*') || (from.includes('*') && (!from.endsWith('*') || !to.endsWith('*')))) {
        throw new AdminRefusal('a wildcard alias ends in "*" on both sides ("claude-*": "anthropic/claude-*")');
      }
      if (from === to) throw new AdminRefusal('an alias must name another model than itself');
      await ownedByFile(from);
      const before = (await store.aliases.list()).find((a) => a.from === from);
      await store.aliases.set(from, to, 'user');
      await deps.reload();
      await audit(actor, 'aliases.set', from, { from: before?.to ?? null, to });
      return { from, to, source: 'user' };
    },

    async remove(from, actor) {
      await ownedByFile(from);
      if (!(await store.aliases.remove(from))) throw new AdminRefusal(`There is no alias "${from}".`);
      await deps.reload();
      await audit(actor, 'aliases.delete', from, {});
    },
  };
}
