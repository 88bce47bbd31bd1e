import type { CanonicalRequest } from '../formats/canonical.js';
import { codecs } from '../formats/registry.js';
import { transportError } from '../upstream/client.js';
import type { UpstreamClient } from '../upstream/client.js';
import { upstreamTarget } from '../upstream/target.js';
import { upstreamErrorToCanonical } from '../pipeline/upstream-error.js';
import { readText } from '../upstream/read-text.js';
import { classifyFailure } from './classify-failure.js';
import { modelsOfKind } from '../providers/model-kinds.js';
import { findConnection, type RouteTable } from './route-table.js';
import type { RoutingState } from './routing-state.js';

/** Probes need one token of output; anything more would spend quota to learn a yes/no. */
export const PROBE_REQUEST: Omit<CanonicalRequest, 'model'> = {
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }] }],
  maxTokens: 1,
  stream: false,
};

/**
 * Self-healing cooldowns: a cooldown whose reset is far away (a daily quota, a spent
 * quota) is not trusted blindly. When routing state says a probe is due, the prober
 * sends the cheapest possible request to that account (and model) and the answer ends the
 * cooldown or schedules the next probe, on routing state's bounded, doubling schedule.
 */
export function createProber(opts: {
  table: () => RouteTable;
  state: RoutingState;
  upstream: UpstreamClient;
  now: () => number;
}): { tick(): Promise<number>; start(intervalMs: number): () => void } {
  const probeOne = async (key: string): Promise<boolean> => {
    const [scope, connectionId, ...modelParts] = key.split(':');
    if ((scope !== 'account' && scope !== 'model') || !connectionId) return false;
    const table = opts.table();
    const connection = findConnection(table, connectionId);
    const provider = connection && table.providers.get(connection.providerId);
    // An account is probed with a chat request; a provider with no chat model (embeddings only) is not probed.
    const model = scope === 'model' ? modelParts.join(':') : provider && modelsOfKind(provider, 'chat')[0];
    if (!connection || !provider || !model) return false;
    const target = { providerId: provider.id, connectionId, model };
    if (!opts.state.admit(target).allowed) return false;
    const ctx = { requestId: `probe${opts.now().toString(36)}`, now: opts.now() };
    const body = codecs[provider.format].encodeRequest({ ...PROBE_REQUEST, model }, { ...ctx, model });
    try {
      const response = await opts.upstream.send(
        upstreamTarget({ provider, baseUrl: connection.baseUrl, apiKey: connection.apiKey, model, stream: false, proxy: connection.proxy }),
        JSON.stringify(body),
        AbortSignal.timeout(30_000),
      );
      if (response.statusCode < 400) {
        await readText(response.body, 64 * 1024);
        opts.state.recordSuccess(target);
        return true;
      }
      const { rawBody, ...error } = await upstreamErrorToCanonical(provider.format, response, opts.now());
      opts.state.recordFailure(target, classifyFailure({ status: response.statusCode, error, headers: response.headers, rawBody, now: opts.now() }));
    } catch (err) {
      opts.state.recordFailure(target, classifyFailure({ error: transportError(err), now: opts.now() }));
    }
    return true;
  };

  const tick = async (): Promise<number> => {
    const results = await Promise.all(opts.state.dueProbes().map(probeOne));
    return results.filter(Boolean).length;
  };
  return {
    tick,
    start(intervalMs) {
      const timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
