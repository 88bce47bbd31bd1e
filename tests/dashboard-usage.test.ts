/**
 * The Usage and cost page in real Chromium against a real gateway: the mock upstream answers
 * a few requests made through the gateway just now, and a seeded request log fills the last
 * 20 hours. The four charts must actually draw (uPlot given non-zero values, and the canvas
 * holding pixels of each line's own colour), the totals and table must match the log, the
 * budgets show as bars, and the page passes the checks in English and Chinese, light and dark.
 * Assumes `npm run build:renderer` ran first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot, setPrefs } from './dashboard/browser.js';
import { englishShown, lowContrastText, unlabelledControls } from './dashboard/page-checks.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';
import { ROWS_PER_HOUR, SEED_HOURS, seedRequestLog } from './dashboard/usage-seed.js';
import { startHarness, UPSTREAMS, type Harness } from './e2e/harness.js';

const EXTRA = [
  'server:',
  '  apiKeys:',
  '    - { key: k-alice-123, label: alice }',
  '    - { key: k-bob-456, label: bob, budget: { monthly: 50 } }',
  'pricing:',
  `  "up-chat/mock-chat-1": { input: 1, output: 2 }`,
  'budgets:',
  '  - { scope: provider, id: up-chat, daily: 0.0001, monthly: 0.00006 }',
  '',
].join('\n');

const CHARTS = ['requests', 'tokens', 'cost', 'latency'] as const;
/** Requests made through the gateway now, on top of the seeded rows. */
const DRIVEN = 3;

let h: Harness;
let browser: Browser;
let page: Page;
let problems: string[];

before(async () => {
  h = await startHarness({ extraConfig: EXTRA, gateway: { rendererDir: RENDERER_DIR, env: process.env } });
  for (const [key, upstream] of [
    ['k-alice-123', UPSTREAMS['openai-chat']],
    // Priced, so bob's budget has spent something (the seeded rows predate the spend totals).
    ['k-bob-456', UPSTREAMS['openai-chat']],
    ['k-alice-123', UPSTREAMS.anthropic],
  ] as const) {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: upstream.model, messages: [{ role: 'user', content: 'count to three' }] }),
    });
    assert.equal(res.status, 200, await res.text());
  }
  await seedRequestLog(h.gateway, Date.now());
  browser = await launchChromium();
  ({ page, problems } = await openPage(browser));
  await page.goto(h.gateway.loginLink() ?? assert.fail('no login link'));
  await page.getByTestId('listening-url').waitFor({ timeout: 15_000 });
});

after(async () => {
  await browser?.close();
  await h?.close();
});

/**
 * Polls an expression in the page until it is true. Not waitForFunction: its polling evaluates
 * strings with eval, which the dashboard's CSP refuses (and reports as a page error).
 */
async function until(expression: string, what: string, timeoutMs = 15_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if ((await page.evaluate(expression)) === true) return;
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** Opens the page afresh and waits until every chart has its canvas and values. */
async function openUsage(): Promise<void> {
  await page.goto(`${h.url}/#/usage`);
  await page.reload();
  for (const id of CHARTS) await page.locator(`[data-testid="usage-canvas-${id}"] canvas`).first().waitFor({ timeout: 15_000 });
  await until(`[...document.querySelectorAll('[data-drawn-values]')].every((e) => Number(e.dataset.drawnValues) > 0)`, 'every chart has values');
}

/**
 * For each line of a chart (read from its legend swatch, so in the theme's colour), how many
 * canvas pixels are drawn in that colour. A string: tsx would add helpers the page lacks.
 */
function linePixels(id: string): Promise<{ label: string; colour: string; pixels: number }[]> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="usage-canvas-${id}"] canvas');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const items = [...document.querySelectorAll('[data-testid="usage-chart-${id}"] li')];
    return items.map((li) => {
      const colour = getComputedStyle(li.querySelector('span[aria-hidden]')).borderTopColor;
      const [r, g, b] = /rgba?\\(([^)]+)\\)/.exec(colour)[1].split(/[ ,]+/).map(Number);
      let pixels = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 24) pixels++;
      }
      return { label: li.textContent.trim(), colour, pixels };
    });
  })()`);
}

async function drawnValues(id: string): Promise<number> {
  return Number(await page.getByTestId(`usage-canvas-${id}`).getAttribute('data-drawn-values'));
}

test('the charts render non-empty for the seeded range: values handed to uPlot and every line drawn', { timeout: 120_000 }, async () => {
  await setPrefs(page, { locale: 'en', theme: 'light' });
  await openUsage();
  // 24 hourly buckets (25 when now is not on the hour): the seeded 20 hours and the current one have requests.
  assert.ok((await drawnValues('requests')) >= (SEED_HOURS + 1) * 2, 'total and per-provider requests in every used hour');
  for (const id of CHARTS) {
    const lines = await linePixels(id);
    assert.ok(lines.length >= 3, `${id}: ${JSON.stringify(lines)}`);
    for (const line of lines) assert.ok(line.pixels > 40, `${id}: the line "${line.label}" (${line.colour}) is drawn: ${JSON.stringify(lines)}`);
  }
  assert.deepEqual(
    (await linePixels('tokens')).map((l) => l.label),
    ['Input', 'Output', 'Cached', 'Reasoning'],
  );
  assert.deepEqual((await linePixels('requests')).map((l) => l.label), ['Total', 'up-chat', 'up-anth']);
  assert.deepEqual((await linePixels('latency')).map((l) => l.label), ['p50', 'p95', 'p99']);
  // Each chart is named and summed up in text.
  for (const id of CHARTS) {
    const canvas = page.getByTestId(`usage-canvas-${id}`);
    assert.equal(await canvas.getAttribute('role'), 'img');
    assert.match((await canvas.getAttribute('aria-label')) ?? '', /line chart/);
    assert.match(await page.getByTestId(`usage-chart-${id}-summary`).innerText(), /^Peak: /);
  }
  assert.deepEqual(problems, []);
});

test('the totals, the table and the budgets match the log', { timeout: 60_000 }, async () => {
  const seeded = SEED_HOURS * ROWS_PER_HOUR;
  assert.equal(await page.getByTestId('usage-total-requests-value').innerText(), String(seeded + DRIVEN));
  const rows = page.getByTestId('usage-row');
  assert.equal(await rows.count(), 2);
  const table = await page.getByTestId('usage-table').innerText();
  assert.match(table, /Totals by Provider/);
  assert.match(table, /up-chat\s+\d+/);
  assert.match(await page.getByTestId('usage-row-total').innerText(), new RegExp(`^Total\\s+${seeded + DRIVEN}\\s`));
  assert.match(await page.getByTestId('usage-total-cost').innerText(), /requests have no known price/);
  // Budgets: the provider's daily and monthly (set low, so their bars show the two requests' spend), and bob's monthly.
  const bars = page.getByTestId('usage-budget');
  assert.equal(await bars.count(), 3);
  const bar = page.getByRole('progressbar', { name: 'API key bob, this month' });
  assert.match((await bar.getAttribute('aria-valuetext')) ?? '', /^\$\d+\.\d+ of \$50\.00$/);
  assert.ok(Number(await bar.getAttribute('aria-valuenow')) > 0, 'bob has spent something this month');

  // Split by API key: the table and the chart lines follow.
  await page.getByTestId('usage-split').click();
  await page.locator('[role="option"][data-key="key"]').click();
  await page.getByText('Totals by API key').waitFor();
  await until(`document.querySelector('[data-testid="usage-chart-requests"]').textContent.includes('alice')`, 'the requests chart is split by key');
  assert.deepEqual((await linePixels('requests')).map((l) => l.label), ['Total', 'alice', 'bob']);
  for (const line of await linePixels('cost')) assert.ok(line.pixels > 40, `cost by key: ${line.label}`);
  // Daily buckets over 30 days: two buckets at most hold the seeded hours.
  await page.getByTestId('usage-range').click();
  await page.locator('[role="option"][data-key="30d"]').click();
  await until(`Number(document.querySelector('[data-testid="usage-canvas-requests"]').dataset.drawnValues) <= 6`, 'the chart shows days');
  assert.ok((await drawnValues('requests')) >= 3);
  assert.match(await page.getByTestId('usage-bucket').innerText(), /Daily/);
  assert.deepEqual(problems, []);
});

test('English and Chinese, light and dark: no English left in Chinese, legible, named controls, charts drawn in the theme', { timeout: 240_000 }, async () => {
  const findings: string[] = [];
  const ink: Record<string, string> = {};
  for (const locale of ['en', 'zh'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await setPrefs(page, { locale, theme });
      await openUsage();
      const where = `usage-${locale}-${theme}`;
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      if (locale === 'zh') for (const s of await englishShown(page)) findings.push(`${where}: English text "${s}"`);
      for (const c of await lowContrastText(page)) findings.push(`${where}: contrast ${c}`);
      for (const c of await unlabelledControls(page)) findings.push(`${where}: no accessible name: ${c}`);
      for (const id of CHARTS) for (const line of await linePixels(id)) if (line.pixels <= 40) findings.push(`${where}: ${id} line ${line.label} not drawn`);
      ink[theme] = (await linePixels('tokens'))[0]?.colour ?? '';
      await screenshot(page, where);
    }
  }
  assert.notEqual(ink.light, ink.dark, 'the lines take the theme colour');
  assert.deepEqual(findings, []);
  assert.deepEqual(problems, []);
});
