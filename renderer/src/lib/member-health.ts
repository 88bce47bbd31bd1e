import { HEALTH_RANK, accountHealth, modelCooling, quotaOf, type AccountHealth } from './account-health.js';
import type { ComboMember, ConnectionView, QuotaStatus, QuotaWindowStatus, RoutingStatus } from './views.js';

export interface MemberHealth {
  /** The best state among the accounts that can serve the member; null: no such account. */
  health: AccountHealth | null;
  /** That account's quota windows. */
  windows: QuotaWindowStatus[];
}

/**
 * A combo member is served by its provider's accounts (or only the pinned one), so it is as
 * healthy as the best of them; an account whose member model is cooling counts as cooling.
 */
export function memberHealth(
  member: ComboMember,
  connections: readonly ConnectionView[],
  routing: RoutingStatus | undefined,
  quota: QuotaStatus | undefined,
  now: number,
): MemberHealth {
  const slash = member.model.indexOf('/');
  const provider = slash === -1 ? member.model : member.model.slice(0, slash);
  const model = slash === -1 ? '' : member.model.slice(slash + 1);
  const candidates = connections.filter((c) => c.provider === provider && (member.connection === null || c.label === member.connection));
  let best: { health: AccountHealth; id: string } | null = null;
  for (const c of candidates) {
    let health = accountHealth({ connection: c, routing, quota, now });
    if (health.kind === 'healthy' && model && modelCooling(routing, c.id, model, now)) {
      const until = routing?.cooldowns.find((x) => x.key === `model:${c.id}:${model}`)?.until ?? now;
      health = { kind: 'cooling', until, reason: 'model' };
    }
    if (!best || HEALTH_RANK[health.kind] < HEALTH_RANK[best.health.kind]) best = { health, id: c.id };
  }
  return { health: best?.health ?? null, windows: best ? (quotaOf(quota, best.id)?.windows ?? []) : [] };
}
