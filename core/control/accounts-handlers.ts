/**
 * Handlers of the account editing and audit methods. A refusal the user can act on (a
 * duplicate label, a file-declared entry, an unknown provider) is invalid_input with its own
 * message; anything else stays internal.
 */
import { requireDeps, userFacingRunner } from './user-facing.js';
import type { ConnectionAdmin } from '../accounts/connection-admin.js';
import type { GatewayKeyAdmin } from '../accounts/gateway-key-admin.js';
import type { AuditRepository } from '../store/index.js';
import type { ControlInput, ControlOutput } from './contract.js';

export interface AccountsControlDeps {
  connections: ConnectionAdmin;
  keys: GatewayKeyAdmin;
  audit: Pick<AuditRepository, 'list'>;
}

type AccountsMethod =
  | 'connections.list'
  | 'connections.create'
  | 'connections.update'
  | 'connections.delete'
  | 'audit.list'
  | 'keys.list'
  | 'keys.create'
  | 'keys.update'
  | 'keys.revoke'
  | 'keys.rotate';
export type AccountsHandlers = { [M in AccountsMethod]: (input: ControlInput<M>, caller: string) => Promise<ControlOutput<M>> };

const DEFAULT_AUDIT_PAGE = 100;

/** `deps` absent: a gateway with no store to edit (test stand-ins) refuses every change. */
export function accountsHandlers(deps: AccountsControlDeps | undefined, userError: (message: string) => Error): AccountsHandlers {
  const need = requireDeps(deps, userError, 'This gateway has no database attached, so its accounts cannot be edited.');
  const userFacing = userFacingRunner(userError);
  return {
    'connections.list': async () => (deps ? deps.connections.list() : []),
    'connections.create': (input, caller) => userFacing(() => need().connections.create(input, caller)),
    'connections.update': (input, caller) => userFacing(() => need().connections.update(input, caller)),
    'connections.delete': (input, caller) =>
      userFacing(async () => {
        await need().connections.remove(input.id, caller);
        return { deleted: true as const };
      }),
    'keys.list': async () => (deps ? deps.keys.list() : []),
    'keys.create': (input, caller) => userFacing(() => need().keys.create(input, caller)),
    'keys.update': (input, caller) => userFacing(() => need().keys.update(input, caller)),
    'keys.revoke': (input, caller) => userFacing(() => need().keys.revoke(input.id, caller)),
    'keys.rotate': (input, caller) => userFacing(() => need().keys.rotate(input.id, caller)),
    'audit.list': async (input) => (deps ? deps.audit.list({ limit: input.limit ?? DEFAULT_AUDIT_PAGE, ...(input.before !== undefined ? { before: input.before } : {}) }) : []),
  };
}
