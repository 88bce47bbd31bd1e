/**
 * What the combo, alias and provider admins share: who may be edited (the file's entries are
 * read-only), the audit trail, and the live reload after every change.
 */
import type { Store } from '../store/index.js';
import type { MemberContext } from '../config/combo-members.js';
import { AdminRefusal } from './admin-refusal.js';

export interface RoutingAdminDeps {
  store: Pick<Store, 'combos' | 'aliases' | 'providers' | 'connections' | 'audit'>;
  /** Built-in and custom provider ids, and each provider's connection labels. */
  members(): Promise<MemberContext>;
  /** Rebuilds the route table from the store; the change takes effect for the next request. */
  reload(): Promise<void>;
  now(): number;
  configPath?: string | undefined;
}

export function fileOwned(what: string, configPath: string | undefined): AdminRefusal {
  return new AdminRefusal(`${what} is declared in the config file${configPath ? ` ${configPath}` : ''}; change it there (a change made here would be undone at the next start).`);
}

export function auditOf(deps: Pick<RoutingAdminDeps, 'store' | 'now'>) {
  return (actor: string, action: string, target: string, detail: Record<string, unknown>) =>
    deps.store.audit.append({ ts: deps.now(), actor, action, target, detail });
}
