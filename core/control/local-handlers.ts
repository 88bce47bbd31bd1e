/** Handlers of the local model server methods; see control/local-contract.ts. */
import type { LocalServers } from '../local/local-servers.js';
import type { ControlInput, ControlOutput } from './contract.js';
import { requireDeps, userFacingRunner } from './user-facing.js';

export type LocalControlDeps = Pick<LocalServers, 'detect' | 'add'>;

type LocalMethod = 'local.detect' | 'local.add';
export type LocalHandlers = { [M in LocalMethod]: (input: ControlInput<M>, caller: string) => Promise<ControlOutput<M>> };

/** `deps` absent (a control API with no gateway behind it): nothing is found, nothing can be added. */
export function localHandlers(deps: LocalControlDeps | undefined, userError: (message: string) => Error): LocalHandlers {
  const need = requireDeps(deps, userError, 'This control API has no gateway behind it to look for local model servers.');
  const userFacing = userFacingRunner(userError);
  return {
    'local.detect': async (input) => (deps ? deps.detect({ cached: input.cached }) : { servers: [], detectedAt: 0 }),
    'local.add': (input, caller) => userFacing(() => need().add(input, caller)),
  };
}
