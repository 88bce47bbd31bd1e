/** Handlers of the outbound proxy methods; see network/network-contract.ts. */
import type { NetworkAdmin } from '../network/network-admin.js';
import type { ControlInput, ControlOutput } from './contract.js';
import { requireDeps, userFacingRunner } from './user-facing.js';

type NetworkMethod = 'network.get' | 'network.setProxy' | 'network.setNoProxy';
export type NetworkHandlers = { [M in NetworkMethod]: (input: ControlInput<M>, caller: string) => Promise<ControlOutput<M>> };

export function networkHandlers(deps: NetworkAdmin | undefined, userError: (message: string) => Error): NetworkHandlers {
  const need = requireDeps(deps, userError, 'This control API has no gateway behind it to set a proxy for.');
  const userFacing = userFacingRunner(userError);
  return {
    'network.get': () => userFacing(() => need().view()),
    'network.setProxy': (input, caller) => userFacing(() => need().setProxy(caller, input.scope, input.url)),
    'network.setNoProxy': (input, caller) => userFacing(() => need().setNoProxy(caller, input.noProxy)),
  };
}
