import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from './builtin.js';
import { MODEL_KINDS, SERVICE_ENDPOINTS, type ModelKind, type ServiceEndpoint } from './types.js';
import { builtinPrices } from '../usage/price-book.js';

const providers = Object.values(BUILTIN_PROVIDERS);

/** The endpoint that serves each kind of model besides chat. */
const ENDPOINT_OF: Record<Exclude<ModelKind, 'chat'>, ServiceEndpoint> = {
  embedding: 'embeddings',
  image: 'images',
  transcription: 'transcriptions',
  speech: 'speech',
  moderation: 'moderations',
  rerank: 'rerank',
};

function isServiceEndpoint(key: string): key is ServiceEndpoint {
  return SERVICE_ENDPOINTS.some((e) => e === key);
}

test('the catalogue holds at least 30 providers', () => {
  assert.ok(providers.length >= 30, `${providers.length} providers`);
});

test('ids and prefixes are unique, and prefixes are lowercase words a client can type', () => {
  const ids = providers.map((p) => p.id);
  const prefixes = providers.map((p) => p.prefix);
  assert.equal(new Set(ids).size, ids.length, 'duplicate id');
  assert.equal(new Set(prefixes).size, prefixes.length, 'duplicate prefix');
  for (const [key, p] of Object.entries(BUILTIN_PROVIDERS)) {
    assert.equal(key, p.id, `${p.id}: registered under ${key}`);
    assert.match(p.prefix, /^[a-z0-9-]+$/, `${p.id}: prefix`);
  }
});

test('model ids are unique within a provider, and every kind is a known one', () => {
  for (const p of providers) {
    const ids = p.models.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, `${p.id}: duplicate model`);
    for (const m of p.models) if (m.kind !== undefined) assert.ok(MODEL_KINDS.includes(m.kind), `${p.id}/${m.id}: kind ${m.kind}`);
  }
});

test('every endpoint is a service endpoint, and every non-chat model has its endpoint', () => {
  for (const p of providers) {
    const declared = Object.keys(p.endpoints ?? {});
    for (const key of declared) assert.ok(isServiceEndpoint(key), `${p.id}: unknown endpoint ${key}`);
    for (const [key, path] of Object.entries(p.endpoints ?? {})) assert.ok(path && path.length > 1, `${p.id}: endpoint ${key} has no path`);
    for (const m of p.models) {
      if (m.kind === undefined || m.kind === 'chat') continue;
      const endpoint = ENDPOINT_OF[m.kind];
      assert.ok(p.endpoints?.[endpoint], `${p.id}/${m.id}: a ${m.kind} model needs the ${endpoint} endpoint`);
    }
  }
});

test('a provider that serves chat lists a chat model first, since the first model is its probe', () => {
  for (const p of providers) {
    const chat = p.models.filter((m) => m.kind === undefined || m.kind === 'chat');
    if (chat.length === 0) continue;
    const first = p.models[0]!;
    assert.ok(first.kind === undefined || first.kind === 'chat', `${p.id}: first model ${first.id} is a ${first.kind} model`);
  }
});

test('every price in pricing.json is for a model its provider declares', () => {
  for (const [providerId, models] of Object.entries(builtinPrices())) {
    const provider = BUILTIN_PROVIDERS[providerId];
    assert.ok(provider, `pricing.json names unknown provider ${providerId}`);
    for (const model of Object.keys(models)) {
      assert.ok(provider.models.some((m) => m.id === model), `pricing.json prices ${providerId}/${model}, which the provider does not declare`);
    }
  }
});

test('a non-chat model is priced by what it uses: embeddings and rerank by input only', () => {
  const table = builtinPrices();
  for (const p of providers) {
    for (const m of p.models) {
      const price = table[p.id]?.[m.id];
      if (!price || (m.kind !== 'embedding' && m.kind !== 'rerank')) continue;
      assert.equal(price.output, 0, `${p.id}/${m.id}: an ${m.kind} model produces no priced output`);
    }
  }
});
