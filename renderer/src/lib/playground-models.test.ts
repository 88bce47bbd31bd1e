import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialChoice, modelChoices } from './playground-models.js';
import type { CatalogueEntry, ComboView } from './views.js';

const entry = (id: string, models: string[], connectionCount: number, disabled = false): CatalogueEntry => ({
  id, name: id, tier: 'api-key', format: 'openai-chat', baseUrl: '', docsUrl: null, keyUrl: null, keyPrefix: null,
  models: models.map((m) => ({ id: m, contextWindow: null })), modelsRefreshedAt: null, canRefreshModels: false, source: 'builtin', connectionCount, disabled, local: false,
});
const combo = (name: string, enabled = true): ComboView => ({ name, strategy: 'fill-first', sticky: null, enabled, members: [], source: 'user', createdAt: 0, updatedAt: 0 });

test('combos, then aliases, then the models of providers with an account', () => {
  const choices = modelChoices(
    [entry('openai', ['gpt-4o', 'gpt-4o-mini'], 1), entry('groq', ['llama'], 0), entry('off', ['x'], 1, true)],
    [combo('zeta'), combo('alpha'), combo('disabled', false)],
    [{ from: 'fast', to: 'openai/gpt-4o-mini' }],
  );
  assert.deepEqual(
    choices.map((c) => [c.kind, c.value]),
    [
      ['combo', 'alpha'],
      ['combo', 'zeta'],
      ['alias', 'fast'],
      ['model', 'openai/gpt-4o'],
      ['model', 'openai/gpt-4o-mini'],
    ],
  );
  assert.equal(choices[2]?.target, 'openai/gpt-4o-mini');
});

test('the last model used stays picked while it exists', () => {
  const choices = modelChoices([entry('openai', ['gpt-4o'], 1)], [combo('team')], []);
  assert.equal(initialChoice(choices, 'openai/gpt-4o'), 'openai/gpt-4o');
  assert.equal(initialChoice(choices, 'gone'), 'team');
  assert.equal(initialChoice([], null), null);
});
