import type { Candidate, StrategyInput, StrategyOutput, StrategyState } from './types.js';

/**
 * Rotates which candidate leads, in priority order (ties keep input order). With `sticky: n`
 * a candidate leads n consecutive calls before the next takes over, which keeps a provider's
 * prompt cache warm on one account. The fallbacks after the leader follow in priority order.
 *
 * When the candidate set changes between calls: if the previous leader is still present,
 * rotation continues from it (an added candidate just joins the ring); if it was filtered
 * out, the next candidate after it in the previous ring that is still present leads, with a
 * fresh streak. Either way every candidate of a stable set leads within one turn of the ring.
 */
export function roundRobin<C extends Candidate>(input: StrategyInput<C>): StrategyOutput<C> {
  const ring = [...input.candidates].sort((a, b) => a.priority - b.priority);
  if (ring.length === 0) return { order: ring, state: input.state };

  const requested = input.sticky ?? 1;
  const sticky = Number.isFinite(requested) ? Math.max(1, Math.floor(requested)) : 1;
  const { leader, streak } = input.state;
  const at = leader === undefined ? -1 : ring.findIndex((c) => c.key === leader);
  let lead: number;
  let nextStreak = 1;
  if (at >= 0 && streak < sticky) {
    lead = at;
    nextStreak = streak + 1;
  } else if (at >= 0) {
    lead = (at + 1) % ring.length;
  } else {
    lead = successorIndex(ring, leader, input.state.ring ?? []);
  }

  const first = ring[lead] as C;
  const state: StrategyState = { leader: first.key, ring: ring.map((c) => c.key), streak: nextStreak };
  return { order: [first, ...ring.filter((_, i) => i !== lead)], state };
}

/** Index in `ring` of the first key after `leader` in the previous ring that is still present; 0 if none. */
function successorIndex(ring: readonly Candidate[], leader: string | undefined, previous: readonly string[]): number {
  const from = leader === undefined ? -1 : previous.indexOf(leader);
  if (from < 0) return 0;
  for (let step = 1; step < previous.length; step++) {
    const key = previous[(from + step) % previous.length];
    const i = ring.findIndex((c) => c.key === key);
    if (i >= 0) return i;
  }
  return 0;
}
