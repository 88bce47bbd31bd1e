import type { Store } from '../store/index.js';
import { SNAPSHOT_KINDS } from './routing-state.js';
import type { RoutingState } from './routing-state.js';

/** Changes in a burst (many requests failing together) are written once. */
const DEBOUNCE_MS = 200;

/**
 * Writes cooldowns and breakers to SQLite shortly after they change, off the request path,
 * so a restart comes back knowing which accounts are cooling down and which are failing.
 */
export function createRoutingPersister(store: Store, state: RoutingState): { flush(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    timer = undefined;
    writing = writing
      .then(() => store.routingState.saveAll(state.snapshot(), SNAPSHOT_KINDS))
      .catch((err: unknown) => process.emitWarning(`omniroute: could not save routing state: ${err instanceof Error ? err.message : String(err)}`));
    return writing;
  };
  state.onChange(() => {
    if (timer) return;
    timer = setTimeout(write, DEBOUNCE_MS);
    timer.unref();
  });
  return {
    flush() {
      if (timer) {
        clearTimeout(timer);
        return write();
      }
      return writing;
    },
  };
}
