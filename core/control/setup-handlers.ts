/**
 * Handlers of the set-up methods: the provider catalogue and custom providers, account tests,
 * model-list refresh, combos, aliases and settings. Every edit is checked, applied to routing
 * at once and audited by the admin it calls (core/accounts/*, core/settings/*).
 */
import type { AliasAdmin } from '../accounts/alias-admin.js';
import type { ComboAdmin } from '../accounts/combo-admin.js';
import type { ConnectionTestResult } from '../accounts/connection-test.js';
import type { ProviderAdmin } from '../accounts/provider-admin.js';
import type { AppSettings } from '../settings/app-settings.js';
import type { ControlInput, ControlOutput } from './contract.js';
import { requireDeps, userFacingRunner } from './user-facing.js';

export interface SetupControlDeps {
  providers: ProviderAdmin;
  combos: ComboAdmin;
  aliases: AliasAdmin;
  settings: AppSettings;
  testConnection(input: { id: string; model?: string | undefined }): Promise<ConnectionTestResult>;
}

type SetupMethod =
  | 'providers.catalogue'
  | 'providers.create'
  | 'providers.update'
  | 'providers.delete'
  | 'models.refresh'
  | 'connections.test'
  | 'combos.list'
  | 'combos.create'
  | 'combos.update'
  | 'combos.delete'
  | 'combos.reorder'
  | 'combos.enable'
  | 'aliases.list'
  | 'aliases.set'
  | 'aliases.delete'
  | 'settings.get'
  | 'settings.update';
export type SetupHandlers = { [M in SetupMethod]: (input: ControlInput<M>, caller: string) => Promise<ControlOutput<M>> };

/** `deps` absent: a gateway with no store (test stand-ins) lists nothing and refuses every change. */
export function setupHandlers(deps: SetupControlDeps | undefined, userError: (message: string) => Error): SetupHandlers {
  const need = requireDeps(deps, userError, 'This gateway has no database attached, so nothing can be set up here.');
  const userFacing = userFacingRunner(userError);
  const deleted = { deleted: true as const };
  return {
    'providers.catalogue': async () => (deps ? deps.providers.catalogue() : []),
    'providers.create': (input, caller) => userFacing(() => need().providers.create(input, caller)),
    'providers.update': (input, caller) => userFacing(() => need().providers.update(input, caller)),
    'providers.delete': (input, caller) => userFacing(async () => (await need().providers.remove(input.id, caller), deleted)),
    'models.refresh': (input, caller) => userFacing(() => need().providers.refreshModels(input.provider, caller)),
    'connections.test': (input) => userFacing(() => need().testConnection(input)),
    'combos.list': async () => (deps ? deps.combos.list() : []),
    'combos.create': (input, caller) => userFacing(() => need().combos.create(input, caller)),
    'combos.update': (input, caller) => userFacing(() => need().combos.update(input, caller)),
    'combos.delete': (input, caller) => userFacing(async () => (await need().combos.remove(input.name, caller), deleted)),
    'combos.reorder': (input, caller) => userFacing(() => need().combos.reorder(input.name, input.order, caller)),
    'combos.enable': (input, caller) => userFacing(() => need().combos.update({ name: input.name, enabled: input.enabled }, caller)),
    'aliases.list': async () => (deps ? deps.aliases.list() : []),
    'aliases.set': (input, caller) => userFacing(() => need().aliases.set(input.from, input.to, caller)),
    'aliases.delete': (input, caller) => userFacing(async () => (await need().aliases.remove(input.from, caller), deleted)),
    'settings.get': () => userFacing(async () => need().settings.view()),
    'settings.update': (input, caller) => userFacing(() => need().settings.update(input.values, caller)),
  };
}
