/**
 * Registers every control method on its own IPC channel. Only the dashboard's own top-level
 * frame may call: a sub-frame or a page the window was somehow navigated to is refused.
 * Electron is reached through the narrow interfaces below so this runs under Node in tests.
 */
import type { ControlApi, ControlMethod, ControlOutput } from '../core/control/contract.js';
import { dispatchControl, toControlErrorBody } from '../core/control/handlers.js';
import { CONFIRMED_METHODS } from '../core/server/management-auth.js';
import type { ControlEventMessage, ControlReply } from '../preload/bridge-types.js';
import { CONTROL_EVENT_CHANNEL, controlChannel } from '../preload/channels.js';

/** The part of Electron's WebFrameMain the check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of Electron's IpcMainInvokeEvent the handlers read. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface ControlIpcOptions {
  ipcMain: IpcMainLike;
  api: ControlApi;
  methods: readonly ControlMethod[];
  /** The dashboard's document URL, e.g. file:///…/dist/renderer/index.html. */
  rendererUrl: string;
  /**
   * Asks the user (a native dialog in the app) before a method in CONFIRMED_METHODS runs:
   * key export, backup, restore and import. Resolves true to go on. Without it those
   * methods are refused, so a page script alone can never run them.
   */
  confirm?: (method: ControlMethod) => Promise<boolean>;
}

/** Registers the handlers; returns a function that removes them again. */
export function registerControlIpc(options: ControlIpcOptions): () => void {
  const { ipcMain, api, methods, rendererUrl, confirm } = options;
  for (const method of methods) {
    ipcMain.handle(controlChannel(method), async (event, input): Promise<ControlReply<ControlMethod>> => {
      if (!isTrustedSender(event.senderFrame, rendererUrl)) {
        // Rejecting (rather than answering with a reply) tells an intruder nothing useful.
        throw new Error('Refused: this frame may not call the OmniRoute control API.');
      }
      if (CONFIRMED_METHODS.has(method) && !(confirm && (await confirm(method)))) {
        return { ok: false, error: { code: 'forbidden', message: `${method} was not confirmed: it runs only after you agree in the app's dialog.` } };
      }
      try {
        const value = await dispatchControl(api, method, input, 'desktop app');
        // dispatchControl ran `method` itself, so value is that method's output.
        return { ok: true, value: value as ControlOutput<ControlMethod> };
      } catch (err) {
        return { ok: false, ...toControlErrorBody(err) };
      }
    });
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(controlChannel(method));
  };
}

/** True for the top-level frame showing our dashboard document (any hash or query). */
export function isTrustedSender(frame: SenderFrame | null, rendererUrl: string): boolean {
  if (!frame || frame.parent) return false;
  const got = documentUrl(frame.url);
  return got !== null && got === documentUrl(rendererUrl);
}

function documentUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    url.hash = '';
    url.search = '';
    return url.href;
  } catch {
    return null;
  }
}

/** The part of Electron's WebContents used to push events. */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, message: ControlEventMessage): void;
}

export function sendControlEvent(target: EventTarget, message: ControlEventMessage): void {
  if (!target.isDestroyed()) target.send(CONTROL_EVENT_CHANNEL, message);
}
