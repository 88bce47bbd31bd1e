// OpenRouter's key endpoint, GET /api/v1/key: what the key has spent against its credit limit.
// Shape as OpenRouter documents it: { data: { label, limit, limit_remaining, limit_reset,
// usage, usage_daily, usage_weekly, usage_monthly, byok_usage*, is_free_tier, ... } }, amounts
// in USD, limit null for a key without a limit. Unknown or missing keys get OpenRouter's 401.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const USAGE_ENDPOINT_PATH = '/api/v1/key';

export interface KeyAccount {
  /** USD; null: the key has no credit limit. */
  limit: number | null;
  /** USD spent; or give remaining instead and usage is limit - remaining. */
  usage?: number;
  remaining?: number;
  limitReset?: 'daily' | 'weekly' | 'monthly' | null;
}

export type UsageFault = { kind: 'status'; status: number } | { kind: 'malformed' } | { kind: 'drop' };

export interface UsageEndpoint {
  setKey(apiKey: string, account: KeyAccount): void;
  /** The next `times` reads (default 1) fail this way instead of answering. */
  inject(fault: UsageFault, times?: number): void;
  /** Every read, in order. */
  reads: Array<{ apiKey: string; status: number }>;
  /** Answers the request when it is for this endpoint; false otherwise. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
}

function bearer(req: IncomingMessage): string {
  const m = /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '');
  return m?.[1]?.trim() ?? '';
}

function masked(apiKey: string): string {
  return apiKey.length > 10 ? `${apiKey.slice(0, 10)}...${apiKey.slice(-3)}` : apiKey;
}

export function createUsageEndpoint(): UsageEndpoint {
  const keys = new Map<string, KeyAccount>();
  const faults: UsageFault[] = [];
  const reads: UsageEndpoint['reads'] = [];
  const send = (res: ServerResponse, status: number, body: unknown, apiKey: string): true => {
    reads.push({ apiKey, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return true;
  };
  return {
    reads,
    setKey(apiKey, account) {
      keys.set(apiKey, account);
    },
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    serve(req, res) {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path !== USAGE_ENDPOINT_PATH) return false;
      const apiKey = bearer(req);
      if (req.method !== 'GET') return send(res, 405, { error: { code: 405, message: 'Method Not Allowed' } }, apiKey);
      const fault = faults.shift();
      if (fault?.kind === 'drop') {
        reads.push({ apiKey, status: 0 });
        res.socket?.destroy();
        return true;
      }
      if (fault?.kind === 'status') return send(res, fault.status, { error: { code: fault.status, message: 'Internal Server Error' } }, apiKey);
      if (fault?.kind === 'malformed') return send(res, 200, { data: { label: masked(apiKey) } }, apiKey);
      if (apiKey === '') return send(res, 401, { error: { code: 401, message: 'No auth credentials found' } }, apiKey);
      const account = keys.get(apiKey);
      if (!account) return send(res, 401, { error: { code: 401, message: 'User not found.' } }, apiKey);
      const limit = account.limit;
      const usage = account.usage ?? (limit !== null && account.remaining !== undefined ? limit - account.remaining : 0);
      return send(
        res,
        200,
        {
          data: {
            label: masked(apiKey),
            limit,
            limit_remaining: limit === null ? null : Math.max(0, limit - usage),
            limit_reset: account.limitReset ?? null,
            usage,
            usage_daily: usage,
            usage_weekly: usage,
            usage_monthly: usage,
            byok_usage: 0,
            byok_usage_daily: 0,
            byok_usage_weekly: 0,
            byok_usage_monthly: 0,
            include_byok_in_limit: false,
            is_free_tier: false,
            is_management_key: false,
            is_provisioning_key: false,
            expires_at: null,
            rate_limit: { requests: -1, interval: '10s', note: 'This field is deprecated and safe to ignore.' },
          },
        },
        apiKey,
      );
    },
  };
}
