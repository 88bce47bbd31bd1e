/**
 * The Quota and Health pages in headless Chromium against a real gateway in front of the mock
 * upstream. The gateway has one account per source of quota figures (its own counting, the
 * provider's rate-limit headers, the provider's usage endpoint), accounts with none, a budget,
 * and a breaker that opens after two failures and stays open for ten minutes unless reset.
 * Assumes `npm run build:renderer` ran first; OMNIROUTE_SCREENSHOTS=<dir> keeps screenshots.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot, setPrefs, type Prefs } from './dashboard/browser.js';
import { englishShown, lowContrastText, unlabelledControls } from './dashboard/page-checks.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';
import { configYaml, startHarness, UPSTREAMS, type Harness } from './e2e/harness.js';

const COUNTED = { provider: 'up-chat', label: 'counted', apiKey: 'key-up-chat-counted' };
const OR_KEY = 'key-or-quota';
const BROKEN = UPSTREAMS.anthropic;
const COMBOS: Prefs[] = [
  { locale: 'en', theme: 'light' },
  { locale: 'en', theme: 'dark' },
  { locale: 'zh', theme: 'light' },
  { locale: 'zh', theme: 'dark' },
];

let h: Harness;
let browser: Browser;
let page: Page;
let problems: string[];

/** Appended to the harness config's `connections:` list, then the routing and budget sections. */
const extraConfig = (mockUrl: string) =>
  [
    `  - provider: ${COUNTED.provider}`,
    `    label: ${COUNTED.label}`,
    `    apiKey: ${COUNTED.apiKey}`,
    '    priority: 1',
    '    quota:',
    '      - { kind: rolling, hours: 5, limit: 20, unit: requests }',
    '  - provider: openrouter',
    '    label: or-key',
    `    apiKey: ${OR_KEY}`,
    `    baseUrl: ${mockUrl}/v1`,
    'routing:',
    '  maxAttempts: 1',
    '  breaker:',
    '    threshold: 2',
    '    coolOffMs: 600000',
    'budgets:',
    '  - { scope: provider, id: up-chat, daily: 5, monthly: 50 }',
    '',
  ].join('\n');

let asked = 0;
/** One chat completion through the gateway; each asks something new (identical bodies share an answer). */
async function chat(model: string): Promise<Response> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: `question ${++asked}` }] }),
  });
  await res.clone().arrayBuffer();
  return res;
}

before(async () => {
  h = await startHarness({ gateway: { rendererDir: RENDERER_DIR } });
  // The usage-endpoint account needs the mock's address, known only once it runs.
  await writeFile(h.configPath, configYaml(h.mock.url, extraConfig(h.mock.url)));
  h.mock.usage.setKey(OR_KEY, { limit: 10, remaining: 6.5, limitReset: 'monthly' });
  await h.restart();
  assert.equal(await h.gateway.pollQuota(), 1, 'the OpenRouter account was read');

  // Rate-limit headers on the Responses upstream's answer: learned, and shown as a window.
  h.mock.inject({
    match: { apiKey: UPSTREAMS['openai-responses'].apiKey },
    fault: { kind: 'headers', headers: { 'x-ratelimit-limit-requests': '50', 'x-ratelimit-remaining-requests': '41', 'x-ratelimit-reset-requests': '20m' } },
  });
  assert.equal((await chat(UPSTREAMS['openai-responses'].model)).status, 200);
  // Three requests counted against the configured window (the counted account is preferred).
  for (let i = 0; i < 3; i++) {
    const res = await chat(UPSTREAMS['openai-chat'].model);
    assert.equal(res.headers.get('x-omniroute-account'), COUNTED.label);
  }

  browser = await launchChromium();
  ({ page, problems } = await openPage(browser));
  await page.goto(h.gateway.loginLink() ?? assert.fail('no login link'));
  await page.getByTestId('listening-url').waitFor({ timeout: 15_000 });
});

after(async () => {
  await browser?.close();
  await h?.close();
});

/** Loads a page in each language and theme: screenshots, and the checks every page must pass. */
async function everyLookOf(route: string, ready: string, name: string): Promise<void> {
  for (const prefs of COMBOS) {
    await setPrefs(page, prefs);
    await page.goto(`${h.url}/#${route}`);
    await page.reload();
    await page.locator(ready).first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), prefs.theme);
    const look = `${name}-${prefs.locale}-${prefs.theme}`;
    await screenshot(page, look);
    assert.deepEqual(await lowContrastText(page), [], `${look}: low contrast`);
    assert.deepEqual(await unlabelledControls(page), [], `${look}: unlabelled controls`);
    if (prefs.locale === 'zh') assert.deepEqual(await englishShown(page), [], `${look}: English left`);
  }
  assert.deepEqual(problems, []);
}

const quotaAccount = (label: string) => page.locator(`[data-testid="quota-account"][data-label="${label}"]`);

test('a quota countdown ticks', { timeout: 120_000 }, async () => {
  await setPrefs(page, { locale: 'en', theme: 'light' });
  await page.goto(`${h.url}/#/quota`);
  await page.reload();
  const counted = quotaAccount(COUNTED.label).locator('[data-testid="quota-window"][data-source="config"]');
  const countdown = counted.getByTestId('quota-countdown');
  await countdown.waitFor();

  // The window's bar: 3 of 20 requests used, announced with its figures.
  const bar = counted.getByRole('progressbar');
  assert.equal(await bar.getAttribute('aria-valuenow'), '15');
  assert.equal(await bar.getAttribute('aria-valuemin'), '0');
  assert.equal(await bar.getAttribute('aria-valuemax'), '100');
  assert.equal(await bar.getAttribute('aria-valuetext'), '3 of 20 requests used');
  assert.equal(await bar.getAttribute('aria-label'), 'Rolling 5 h, Own counting');

  // Each source of figures, named.
  const sourceOf = async (label: string, source: string) =>
    (await quotaAccount(label).locator(`[data-testid="quota-window"][data-source="${source}"]`).first().getByTestId('quota-source').textContent())?.trim();
  assert.equal(await sourceOf(COUNTED.label, 'config'), 'Own counting');
  assert.equal(await sourceOf('or-key', 'endpoint'), 'Provider usage endpoint');
  const respMain = page.locator('[data-testid="quota-provider"][data-provider-id="up-resp"]').locator('[data-testid="quota-account"][data-label="main"]');
  assert.equal((await respMain.locator('[data-source="headers"]').first().getByTestId('quota-source').textContent())?.trim(), 'Rate-limit headers');
  assert.equal(await respMain.locator('[data-window="headers-requests"]').getByRole('progressbar').getAttribute('aria-valuenow'), '18');
  // An account with no figures says so.
  const anthMain = page.locator('[data-testid="quota-provider"][data-provider-id="up-anth"]').locator('[data-testid="quota-account"][data-label="main"]');
  assert.match((await anthMain.getByTestId('quota-not-reported').textContent()) ?? '', /^Not reported/);
  // The budget, with its own countdown to the end of the day.
  const budget = page.locator('[data-testid="budget"][data-scope="provider"][data-id="up-chat"][data-period="daily"]');
  assert.equal(await budget.getByRole('progressbar').getAttribute('aria-valuenow'), '0');
  assert.match((await budget.getByTestId('quota-countdown').textContent()) ?? '', /^Resets in /);

  // The countdown ticks from the page's clock, and ticking asks the gateway for nothing.
  const first = (await countdown.textContent()) ?? '';
  assert.match(first, /^Resets in \d+h \d+m \d+s$/, first);
  const calls: string[] = [];
  const record = (req: { url(): string }) => {
    if (req.url().includes('/api/')) calls.push(req.url());
  };
  page.on('request', record);
  await page.waitForTimeout(2_200);
  page.off('request', record);
  const later = (await countdown.textContent()) ?? '';
  assert.match(later, /^Resets in \d+h \d+m \d+s$/, later);
  assert.notEqual(later, first, 'the countdown moved on');
  assert.deepEqual(calls, [], 'no request while the countdown ticked');

  await everyLookOf('/quota', '[data-testid="quota-countdown"]', 'quota');
  // The zh page words the countdown in Chinese.
  assert.match((await countdown.textContent()) ?? '', /^\d+ 小时 \d+ 分 \d+ 秒后恢复$/);
});

const provider = (id: string) => page.locator(`[data-testid="health-provider"][data-provider-id="${id}"]`);
const stateOf = async (row: ReturnType<typeof provider>, testId: string) =>
  row.getByTestId(testId).first().locator('[data-state]').getAttribute('data-state');

test('a breaker reset from the Health page lets the next request through', { timeout: 120_000 }, async () => {
  // The upstream fails until both the account's and the provider's breakers open.
  h.mock.inject({ match: { apiKey: BROKEN.apiKey }, times: 100, fault: { kind: 'status', status: 500 } });
  const openBreakers = async () =>
    (await h.gateway.control.call('routing.status', {})).breakers.filter((b) => b.phase === 'open').map((b) => b.key.split(':')[0]);
  for (let i = 0; i < 6 && (await openBreakers()).length < 2; i++) assert.equal((await chat(BROKEN.model)).status, 500);
  assert.deepEqual((await openBreakers()).sort(), ['account', 'provider']);

  // The fault stops; the breaker still refuses without asking the upstream.
  h.mock.reset();
  assert.equal((await chat(BROKEN.model)).status, 503, 'refused while the breaker is open');
  assert.equal(h.mock.requests.length, 0, 'nothing reached the upstream');

  await everyLookOf('/health', '[data-testid="health-provider"]', 'health');
  const row = provider(BROKEN.provider);
  assert.equal(await stateOf(row, 'health-provider-state'), 'breaker-open');
  const account = row.locator('[data-testid="health-account"][data-label="main"]');
  assert.equal(await stateOf(account, 'health-account-state'), 'breaker-open');
  // The zh page (the last look) words the wait for the trial.
  assert.match((await row.getByTestId('health-provider-state').first().locator('xpath=..').textContent()) ?? '', /\d+ 分 \d+ 秒后试探/);
  // Learned limits and the last hour's latency from the requests above.
  const respAccount = provider('up-resp').locator('[data-testid="health-account"][data-label="main"]');
  assert.match((await respAccount.getByTestId('learned-limit').textContent()) ?? '', /41 \/ 50/);
  assert.equal(await provider('up-gem').getByTestId('learned-limit').count(), 0, 'no line for an account without learned limits');
  assert.equal(await provider('up-gem').getByRole('button').count(), 0, 'nothing to reset, no Reset');
  await page.locator('[data-testid="latency-row"][data-provider-id="up-chat"]').waitFor();

  await setPrefs(page, { locale: 'en', theme: 'light' });
  await page.reload();
  await row.getByTestId('health-provider-reset').click();
  await page.getByTestId('toast-success').first().waitFor();
  await row.locator('[data-testid="health-provider-state"] [data-state="healthy"]').waitFor();
  await account.locator('[data-testid="health-account-state"] [data-state="healthy"]').waitFor();
  await row.getByTestId('health-provider-reset').waitFor({ state: 'detached' });
  assert.deepEqual(await openBreakers(), [], 'the gateway cleared both breakers');
  await screenshot(page, 'health-after-reset-en-light');

  const next = await chat(BROKEN.model);
  assert.equal(next.status, 200, 'the next request goes through');
  assert.equal(h.mock.requests.length, 1, 'and reached the upstream');
  assert.deepEqual(problems, []);
});
