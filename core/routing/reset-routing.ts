import type { ControlInput } from '../control/contract.js';
import type { RepeatFailureMemory } from './repeat-failures.js';
import type { RoutingState } from './routing-state.js';

/**
 * The dashboard's Reset: one cooldown or breaker by key, one account's, or everything (the
 * memory of repeated failures included, so a cleared breaker is not re-opened by old counts).
 * True when anything was cleared.
 */
export function resetRouting(state: RoutingState, repeatFailures: RepeatFailureMemory, input: ControlInput<'routing.reset'>): boolean {
  if ('key' in input) return state.reset(input.key);
  if ('connectionId' in input) return state.resetConnection(input.connectionId);
  repeatFailures.clear();
  let any = false;
  for (const c of state.cooldowns()) any = state.reset(c.key) || any;
  for (const b of state.breakers()) any = state.reset(b.key) || any;
  for (const r of state.keyRejections()) any = state.reset(r.key) || any;
  return any;
}
