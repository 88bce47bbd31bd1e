/**
 * The model lists of local providers, read live from their servers: whatever the user pulled
 * or loaded is what the route table and /v1/models show. Kept where provider-admin's refresh
 * keeps a list (MODELS_SETTING_PREFIX), so loading the runtime applies it like any other; a
 * server that is off leaves the declared list (empty) in place.
 */
import { MODELS_SETTING_PREFIX, type RefreshedModels } from '../accounts/provider-admin.js';
import type { ProviderDescriptor } from '../providers/types.js';
import type { ConnectionRow, SettingsRepository } from '../store/index.js';
import { probeLocalServer, type FoundServer } from './detect-local.js';
import { sameServer } from './same-server.js';

/**
 * Longer than detection's: a server busy loading a model answers late, and a list dropped for
 * one slow answer would hide its models until the next read.
 */
export const LIVE_LIST_TIMEOUT_MS = 3000;

export interface LiveModelsInput {
  providers: readonly ProviderDescriptor[];
  connections: readonly ConnectionRow[];
  settings: Pick<SettingsRepository, 'get' | 'set'>;
  /** Servers a detection has just read: their lists are used rather than asked for again. */
  known?: readonly FoundServer[];
  now(): number;
  timeoutMs?: number;
}

/** Reads and stores each local provider's list; true when any stored list changed (the route table needs a reload). */
export async function refreshLiveModels(input: LiveModelsInput): Promise<boolean> {
  const changes = await Promise.all(
    input.providers.filter((p) => p.local).map(async (provider) => storeList(input, provider.id, await readProvider(input, provider))),
  );
  return changes.some(Boolean);
}

/** The union of the lists of the provider's servers: its enabled connections, else all of them. */
async function readProvider(input: LiveModelsInput, provider: ProviderDescriptor): Promise<string[]> {
  const local = provider.local;
  if (!local) return [];
  const mine = input.connections.filter((c) => c.providerId === provider.id);
  const active = mine.some((c) => c.enabled) ? mine.filter((c) => c.enabled) : mine;
  const lists = await Promise.all(
    active.map(async (c) => {
      const baseUrl = c.baseUrl ?? provider.baseUrl;
      const known = input.known?.find((s) => s.providerId === provider.id && sameServer(s.baseUrl, baseUrl));
      if (known) return known.models;
      const found = await probeLocalServer({ probe: local.probe, baseUrl, timeoutMs: input.timeoutMs ?? LIVE_LIST_TIMEOUT_MS });
      return found?.models ?? [];
    }),
  );
  return [...new Set(lists.flat())];
}

async function storeList(input: LiveModelsInput, providerId: string, models: string[]): Promise<boolean> {
  const key = MODELS_SETTING_PREFIX + providerId;
  const current = await input.settings.get<RefreshedModels>(key);
  const currentModels = Array.isArray(current?.models) ? current.models : [];
  if (models.length === 0) {
    if (current === undefined) return false;
    await input.settings.set(key, undefined);
    return true;
  }
  if (currentModels.length === models.length && currentModels.every((m, i) => m === models[i])) return false;
  const next: RefreshedModels = { models, refreshedAt: input.now() };
  await input.settings.set(key, next);
  return true;
}
