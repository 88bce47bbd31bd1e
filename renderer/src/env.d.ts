import type { OmnirouteBridge } from '../../preload/bridge-types.js';

declare global {
  interface Window {
    /** Present only inside the Electron window, where the preload exposes it. */
    readonly omniroute?: OmnirouteBridge;
  }
}
