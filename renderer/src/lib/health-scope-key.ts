/**
 * Routing scope keys as the gateway writes them (core/routing/cooldowns.ts): `provider:<id>`,
 * `account:<connectionId>` and `model:<connectionId>:<model>`. Connection ids are UUIDs (no
 * colon), while model names may hold colons ("qwen3:free"), so a model key splits once.
 */
export type ScopeKey =
  | { scope: 'provider'; providerId: string }
  | { scope: 'account'; connectionId: string }
  | { scope: 'model'; connectionId: string; model: string }
  | { scope: 'other'; key: string };

export function parseScopeKey(key: string): ScopeKey {
  const colon = key.indexOf(':');
  if (colon <= 0) return { scope: 'other', key };
  const kind = key.slice(0, colon);
  const rest = key.slice(colon + 1);
  if (rest === '') return { scope: 'other', key };
  if (kind === 'provider') return { scope: 'provider', providerId: rest };
  if (kind === 'account') return { scope: 'account', connectionId: rest };
  if (kind === 'model') {
    const split = rest.indexOf(':');
    if (split <= 0 || split === rest.length - 1) return { scope: 'other', key };
    return { scope: 'model', connectionId: rest.slice(0, split), model: rest.slice(split + 1) };
  }
  return { scope: 'other', key };
}

export const providerScopeKey = (providerId: string): string => `provider:${providerId}`;
export const accountScopeKey = (connectionId: string): string => `account:${connectionId}`;
