/**
 * The shape of `window.omniroute`, shared by the preload (which builds it) and the renderer
 * (which calls it). Type-only: importing this file pulls no code into either bundle.
 */
import type {
  ControlErrorBody,
  ControlEventName,
  ControlEvents,
  ControlMethod,
  ControlInput,
  ControlOutput,
} from '../core/control/contract.js';

/**
 * What an IPC call resolves to. Errors travel as values because contextBridge copies only
 * the message of a thrown Error, and the renderer needs the code.
 */
export type ControlReply<M extends ControlMethod> =
  | { ok: true; value: ControlOutput<M> }
  | ({ ok: false } & ControlErrorBody);

export type ControlEventMessage = {
  [N in ControlEventName]: { name: N; payload: ControlEvents[N] };
}[ControlEventName];

export type OmnirouteBridge = {
  readonly [M in ControlMethod]: (input: ControlInput<M>) => Promise<ControlReply<M>>;
} & {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  readonly onEvent: (listener: (event: ControlEventMessage) => void) => () => void;
};
