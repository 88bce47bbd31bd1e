import type { Store } from '../store/index.js';
import { SNAPSHOT_KINDS } from './routing-state.js';
import type { RoutingState } from './routing-state.js';

/** Changes in a burst (many requests failing together) are written once. */
const DEBOUNCE_MS = 200;

/**
 * Writes cooldowns, breakers and learned rate limits to SQLite shortly after they change, off the request path,
 * so a restart comes back knowing which accounts are cooling down and which are failing.
 */
export function createRoutingPersister(
  store: Store,
  state: RoutingState,
  limits: { snapshot(): Array<{ key: string }>; onChange(listener: () => void): void },
): { flush(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    timer = undefined;
    writing = writing
      .then(async () => {
        await store.routingState.saveAll(state.snapshot(), SNAPSHOT_KINDS);
        const now = Date.now();
        await store.routingState.saveAll(
          limits.snapshot().map(({ key, ...limit }) => ({ kind: 'limit' as const, key, state: limit, updatedAt: now })),
          ['limit'],
        );
      })
      .catch((err: unknown) => process.emitWarning(`omniroute: could not save routing state: ${err instanceof Error ? err.message : String(err)}`));
    return writing;
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(write, DEBOUNCE_MS);
    timer.unref();
  };
  state.onChange(schedule);
  limits.onChange(schedule);
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
