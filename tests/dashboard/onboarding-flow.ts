/** The first-run guide driven as a user would: provider, key, test, combo, gateway key. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export interface FlowResult {
  /** The gateway key the last step issued (shown once). */
  gatewayKey: string;
}

export async function completeOnboarding(
  page: Page,
  opts: { upstreamBaseUrl: string; providerKey: string; comboName: string; keyLabel: string; endpoint: string; onStep?: (step: number) => Promise<void> },
): Promise<FlowResult> {
  // Step 1: the catalogue, searched, then OpenAI picked.
  await page.getByTestId('step-provider').and(page.locator('[data-state="current"]')).waitFor({ timeout: 15_000 });
  assert.ok(await page.locator('[data-testid="catalogue-item"]').count() > 5, 'the built-in catalogue is listed');
  await opts.onStep?.(1);
  await page.getByTestId('provider-search').fill('openai');
  const openai = page.locator('[data-testid="catalogue-item"][data-provider-id="openai"]');
  await openai.getByRole('link', { name: /get a key/i }).waitFor();
  await openai.getByTestId('pick-provider').click();

  // Step 2: a key without OpenAI's prefix is warned about, not refused; the base URL points at the mock.
  await page.getByTestId('account-key').fill('not-an-openai-key');
  await page.getByTestId('key-prefix-warning').waitFor();
  await page.getByTestId('account-key').fill(opts.providerKey);
  assert.equal(await page.getByTestId('key-prefix-warning').count(), 0);
  await page.getByTestId('account-base-url').fill(opts.upstreamBaseUrl);
  await page.getByTestId('account-connect').click();
  const result = page.getByTestId('test-result');
  await result.waitFor({ timeout: 15_000 });
  assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
  assert.match((await page.getByTestId('test-models').textContent()) ?? '', /gpt-4o-mini/, 'the models the mock lists are shown');
  await opts.onStep?.(2);
  await page.getByTestId('onboarding-next').click();

  // Step 3: a combo of two models, in the order picked.
  await page.getByTestId('combo-name').fill(opts.comboName);
  await page.locator('[data-testid="combo-model"][data-model="gpt-4o-mini"]').check();
  await page.locator('[data-testid="combo-model"][data-model="gpt-4o"]').check();
  await opts.onStep?.(3);
  await page.getByTestId('combo-create').click();
  await page.getByTestId('onboarding-combo-done').waitFor();
  await page.getByTestId('onboarding-next').click();

  // Step 4: the endpoint, a gateway key shown once, and each tool's line filled in.
  const endpoint = page.getByTestId('onboarding-endpoint');
  await endpoint.waitFor();
  assert.equal(await endpoint.textContent(), opts.endpoint);
  assert.match((await page.getByTestId('setup-claude-code').textContent()) ?? '', /<your gateway key>/);
  await opts.onStep?.(4);
  await page.getByTestId('onboarding-key-label').fill(opts.keyLabel);
  await page.getByTestId('onboarding-create-key').click();
  const issued = page.getByTestId('issued-key');
  await issued.waitFor();
  const gatewayKey = ((await issued.textContent()) ?? '').trim();
  assert.ok(gatewayKey.length >= 20, gatewayKey);
  const claude = (await page.getByTestId('setup-claude-code').textContent()) ?? '';
  assert.ok(claude.includes(`ANTHROPIC_BASE_URL=${opts.endpoint}`), claude);
  assert.ok(claude.includes(gatewayKey) && claude.includes(`ANTHROPIC_MODEL=${opts.comboName}`), claude);
  const codex = (await page.getByTestId('setup-codex').textContent()) ?? '';
  assert.ok(codex.includes(`base_url = "${opts.endpoint}/v1"`) && codex.includes(`model = "${opts.comboName}"`), codex);
  const gemini = (await page.getByTestId('setup-gemini-cli').textContent()) ?? '';
  assert.ok(gemini.includes(`GEMINI_API_KEY=${gatewayKey}`) && gemini.includes(`-m ${opts.comboName}`), gemini);
  return { gatewayKey };
}
