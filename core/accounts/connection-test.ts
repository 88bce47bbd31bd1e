/**
 * "Test" on an account: the smallest real request through the same path routing uses (the
 * provider's codec, address and auth), and the models the account sees. Nothing is recorded
 * against the account's health: a test is the user asking, not traffic.
 */
import { PROBE_REQUEST } from '../routing/prober.js';
import { codecs } from '../formats/registry.js';
import { upstreamErrorToCanonical } from '../pipeline/upstream-error.js';
import { modelsOfKind } from '../providers/model-kinds.js';
import { fetchModelList } from '../providers/model-list-fetch.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { RuntimeConnection } from '../routing/route-table.js';
import { transportError, type UpstreamClient } from '../upstream/client.js';
import { readText } from '../upstream/read-text.js';
import { accountBaseUrl, upstreamTarget, type UpstreamTarget } from '../upstream/target.js';
import { AdminRefusal } from './admin-refusal.js';

const TEST_TIMEOUT_MS = 30_000;
// The probe's request: one token of output is enough to learn the key, address and model work.

export interface ConnectionTestResult {
  ok: boolean;
  model: string | null;
  latencyMs: number;
  status: number | null;
  message: string | null;
  models: string[] | null;
}

export interface ConnectionTestDeps {
  /** Every stored account with its key, enabled or not (a disabled one can be tested before it is switched on). */
  connection(id: string): { connection: RuntimeConnection; provider: ProviderDescriptor } | undefined;
  upstream: UpstreamClient;
  now(): number;
}

export async function testConnection(deps: ConnectionTestDeps, input: { id: string; model?: string | undefined }): Promise<ConnectionTestResult> {
  const found = deps.connection(input.id);
  if (!found) throw new AdminRefusal(`No connection with a stored key has the id "${input.id}".`);
  const { connection, provider } = found;
  const started = performance.now();
  const listed = await fetchModelList({
    provider,
    baseUrl: connection.baseUrl,
    apiKey: connection.apiKey,
    signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
    now: deps.now,
    dispatcher: deps.upstream.dispatcherFor(accountBaseUrl(provider, connection.baseUrl), connection.proxy),
  });
  const models = listed.ok ? listed.models : null;
  const embedding = modelsOfKind(provider, 'embedding')[0];
  const built = (model: string) => upstreamTarget({ provider, baseUrl: connection.baseUrl, apiKey: connection.apiKey, model, stream: false, proxy: connection.proxy });
  // A provider that serves only embeddings and rerank (Jina, Voyage) is tested with one small embedding.
  if (input.model === undefined && modelsOfKind(provider, 'chat').length === 0 && embedding && provider.endpoints?.embeddings) {
    const url = accountBaseUrl(provider, connection.baseUrl) + provider.endpoints.embeddings;
    return sendTest(deps, found, { ...built(embedding), url }, { model: embedding, input: 'ping' }, embedding, models);
  }
  const model = input.model ?? modelsOfKind(provider, 'chat')[0] ?? models?.[0];
  if (!model) {
    const message = listed.ok ? 'The provider lists no models for this account.' : listed.message;
    return { ok: false, model: null, latencyMs: elapsed(started), status: listed.ok ? null : listed.status, message, models };
  }
  const ctx = { requestId: `test${deps.now().toString(36)}`, now: deps.now(), model };
  return sendTest(deps, found, built(model), codecs[provider.format].encodeRequest({ ...PROBE_REQUEST, model }, ctx), model, models);
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}

/** One small request to the account, timed; its status and the provider's own error message. */
async function sendTest(
  deps: ConnectionTestDeps,
  found: { connection: RuntimeConnection; provider: ProviderDescriptor },
  target: UpstreamTarget,
  body: Record<string, unknown>,
  model: string,
  models: string[] | null,
): Promise<ConnectionTestResult> {
  const { connection, provider } = found;
  const started = performance.now();
  try {
    const response = await deps.upstream.send(target, JSON.stringify(body), AbortSignal.timeout(TEST_TIMEOUT_MS));
    if (response.statusCode < 400) {
      await readText(response.body, 1024 * 1024);
      return { ok: true, model, latencyMs: elapsed(started), status: response.statusCode, message: null, models };
    }
    const error = await upstreamErrorToCanonical(provider.format, response, deps.now(), [connection.apiKey]);
    return { ok: false, model, latencyMs: elapsed(started), status: response.statusCode, message: error.message, models };
  } catch (error) {
    return { ok: false, model, latencyMs: elapsed(started), status: null, message: transportError(error).message, models };
  }
}
