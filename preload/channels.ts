/** IPC channel names shared by main/ipc.ts and the preload: one per method, one for pushes. */
import type { ControlMethod } from '../core/control/contract.js';

export type ControlChannel = `control:${ControlMethod}`;

export function controlChannel<M extends ControlMethod>(method: M): `control:${M}` {
  return `control:${method}`;
}

export const CONTROL_EVENT_CHANNEL = 'control:event';
