import type { RouteTarget } from '../routing/resolve.js';
import type { RequestRecord } from './request-record.js';

/** The headers that tell a client where its request went: provider, model, account, attempts. */
export function routeHeaders(target: RouteTarget, record: Pick<RequestRecord, 'attempts' | 'fallbacks'>): Record<string, string> {
  return {
    'x-omniroute-provider': target.provider.id,
    'x-omniroute-model': target.model,
    'x-omniroute-account': target.connection.label,
    'x-omniroute-attempts': String(record.attempts),
    'x-omniroute-fallbacks': String(record.fallbacks),
  };
}
