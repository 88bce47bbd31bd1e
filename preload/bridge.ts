/**
 * Builds `window.omniroute` from the contract's method list over any invoke/subscribe pair,
 * so the preload stays three lines of Electron and this part runs under Node in tests.
 */
import type { ControlMethod } from '../core/control/contract.js';
import type { ControlEventMessage, OmnirouteBridge } from './bridge-types.js';
import { CONTROL_EVENT_CHANNEL, controlChannel } from './channels.js';

export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to a channel; returns the unsubscribe function. */
  subscribe(channel: string, listener: (message: unknown) => void): () => void;
}

export function createBridge(methods: readonly ControlMethod[], transport: BridgeTransport): OmnirouteBridge {
  const bridge: Record<string, unknown> = {};
  for (const method of methods) {
    bridge[method] = (input: unknown) => transport.invoke(controlChannel(method), input);
  }
  bridge.onEvent = (listener: (event: ControlEventMessage) => void) =>
    // main/ipc.ts is the only sender on this channel and sends ControlEventMessage values.
    transport.subscribe(CONTROL_EVENT_CHANNEL, (message) => listener(message as ControlEventMessage));
  // One function per method was just added, and main answers each with a ControlReply.
  return Object.freeze(bridge) as OmnirouteBridge;
}
