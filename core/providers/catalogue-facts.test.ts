import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PROVIDERS } from './builtin.js';

/** Each provider's own domains, typed by hand from its documentation (not read from the descriptors). */
const DOMAINS: Record<string, string[]> = {
  anthropic: ['anthropic.com', 'claude.com'],
  cerebras: ['cerebras.ai'],
  chutes: ['chutes.ai'],
  cohere: ['cohere.com', 'cohere.ai'],
  deepinfra: ['deepinfra.com'],
  deepseek: ['deepseek.com'],
  featherless: ['featherless.ai'],
  fireworks: ['fireworks.ai'],
  gemini: ['google.dev', 'google.com'],
  github: ['github.com'],
  glm: ['z.ai'],
  groq: ['groq.com'],
  huggingface: ['huggingface.co'],
  hyperbolic: ['hyperbolic.xyz', 'hyperbolic.ai'],
  jina: ['jina.ai'],
  kimi: ['moonshot.ai', 'kimi.ai'],
  llamacpp: ['github.com'],
  lmstudio: ['lmstudio.ai'],
  minimax: ['minimax.io'],
  mistral: ['mistral.ai'],
  nebius: ['nebius.com'],
  novita: ['novita.ai'],
  nvidia: ['nvidia.com'],
  ollama: ['github.com'],
  openai: ['openai.com'],
  openrouter: ['openrouter.ai'],
  qwen: ['alibabacloud.com'],
  sambanova: ['sambanova.ai'],
  scaleway: ['scaleway.com'],
  siliconflow: ['siliconflow.com'],
  together: ['together.ai'],
  vllm: ['vllm.ai'],
  voyage: ['voyageai.com', 'mongodb.com'],
  xai: ['x.ai'],
};

function assertOwnPage(id: string, field: string, value: string | undefined): void {
  assert.ok(value, `${id}: ${field} is missing`);
  const url = new URL(value);
  assert.equal(url.protocol, 'https:', `${id}: ${field} is not https`);
  const host = url.hostname;
  assert.ok(DOMAINS[id]!.some((d) => host === d || host.endsWith(`.${d}`)), `${id}: ${field} host ${host} is not the provider's`);
}

test('every built-in provider links its own docs and key page, and a plausible key prefix', () => {
  for (const [id, p] of Object.entries(BUILTIN_PROVIDERS)) {
    assert.ok(DOMAINS[id], `${id}: no expected domain in the table`);
    assertOwnPage(id, 'docsUrl', p.docsUrl);
    // A server on this machine takes no key, so it has no page to create one.
    if (p.local) assert.equal(p.keyUrl, undefined, `${id}: a local server has no key page`);
    else assertOwnPage(id, 'keyUrl', p.keyUrl);
    if (p.keyPrefix !== undefined) assert.match(p.keyPrefix, /^[A-Za-z0-9_-]{2,8}$/, `${id}: keyPrefix`);
  }
});
