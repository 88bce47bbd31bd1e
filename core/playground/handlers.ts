/** Handlers of the Playground's control methods; see control/playground-contract.ts. */
import type { ControlInput, ControlOutput } from '../control/contract.js';
import { requireDeps, userFacingRunner } from '../control/user-facing.js';
import { PlaygroundRefusal, type Playground } from './playground.js';

type PlaygroundMethod = 'playground.send' | 'playground.cancel';
export type PlaygroundHandlers = { [M in PlaygroundMethod]: (input: ControlInput<M>) => Promise<ControlOutput<M>> };

/** `playground` absent (a control API without a gateway behind it): runs are refused. */
export function playgroundHandlers(playground: Playground | undefined, userError: (message: string) => Error): PlaygroundHandlers {
  const need = requireDeps(playground, userError, 'This control API has no gateway behind it to run playground requests.');
  const userFacing = userFacingRunner(userError, [PlaygroundRefusal]);
  return {
    'playground.send': (input) => userFacing(async () => need().send(input)),
    'playground.cancel': (input) => userFacing(async () => ({ cancelled: need().cancel(input.runId) })),
  };
}
