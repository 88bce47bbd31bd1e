/**
 * Issue 13, the Playground in Debian's Chromium against a real gateway (served dashboard,
 * HTTP /api and the /api/events stream) with the strict mock upstream: a request streams
 * into the page piece by piece, then the page shows the request sent upstream, the raw
 * upstream answer, the translated answer and the attempts. Model output is shown as text,
 * never markup. Checked and photographed in English and Chinese, light and dark.
 * Assumes `npm run build` ran first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot, setPrefs, type Prefs } from './dashboard/browser.js';
import { englishShown, lowContrastText, unlabelledControls } from './dashboard/page-checks.js';
import { RENDERER_DIR } from './dashboard/setup-gateway.js';
import { startHarness, UPSTREAMS, type Harness } from './e2e/harness.js';

const ANTH = UPSTREAMS.anthropic;
const CHAT = UPSTREAMS['openai-chat'];
const GEM = UPSTREAMS.gemini;
const COMBO = 'pg-fallback';

let browser: Browser;
let h: Harness;
let page: Page;
let problems: string[];

before(async () => {
  browser = await launchChromium();
  h = await startHarness({
    extraConfig: ['combos:', `  - { name: ${COMBO}, members: [{ model: ${CHAT.model} }, { model: ${GEM.model} }] }`, ''].join('\n'),
    gateway: { rendererDir: RENDERER_DIR },
  });
  ({ page, problems } = await openPage(browser));
  const link = h.gateway.loginLink() ?? assert.fail('a listening gateway gives a login link');
  await page.goto(link);
  await page.waitForURL(/#\//);
});

after(async () => {
  await browser?.close();
  await h?.close();
});

async function openPlayground(): Promise<void> {
  await page.goto(`${h.url}/#/playground`);
  await page.getByTestId('playground-model').waitFor();
}

async function pickModel(model: string): Promise<void> {
  await page.getByTestId('playground-model').click();
  await page.getByRole('option', { name: new RegExp(`^${model.replace(/[/.-]/g, '\\$&')} `) }).click();
  assert.match((await page.getByTestId('playground-model').textContent()) ?? '', new RegExp(model));
}

/** The output's text and phase every few milliseconds until the run is done. */
async function watchOutput(timeoutMs = 20_000): Promise<Array<{ phase: string; text: string }>> {
  const samples: Array<{ phase: string; text: string }> = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sample = (await page.evaluate(
      `(() => { const el = document.querySelector('[data-testid="playground-output"]'); return el ? { phase: el.getAttribute('data-phase') || '', text: el.textContent || '' } : { phase: '', text: '' }; })()`,
    )) as { phase: string; text: string };
    samples.push(sample);
    if (sample.phase === 'done' || sample.phase === 'failed') return samples;
    assert.ok(Date.now() < deadline, `the run ended; last seen ${JSON.stringify(sample)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const MARKUP = '<b id="pg-bold">bold</b> <img id="pg-img" src="x" onerror="window.__pgInjected = 1">';

test('a playground request streams', { timeout: 120_000 }, async () => {
  await openPlayground();
  await pickModel(ANTH.model);
  assert.equal(await page.getByTestId('playground-stream').getByRole('switch').isChecked(), true, 'streaming is on by default');
  await page.getByTestId('playground-body').fill(JSON.stringify({ messages: [{ role: 'user', content: `stream it ${MARKUP}` }] }, null, 2));
  // Ten events 120 ms apart: long enough to see the text grow.
  h.mock.inject({ match: { format: 'anthropic' }, fault: { kind: 'slow-stream', delayMs: 120, extraTextEvents: 10 } });
  await page.getByTestId('playground-send').click();
  const samples = await watchOutput();

  const final = samples.at(-1)!;
  assert.equal(final.phase, 'done');
  assert.match(final.text, /^Hello! You said: stream it <b id="pg-bold">bold<\/b> <img/);
  const partial = samples.filter((s) => s.phase === 'streaming' && s.text.length > 0 && s.text.length < final.text.length);
  assert.ok(partial.length > 0, 'text was on screen before the answer was complete');
  assert.ok(new Set(partial.map((s) => s.text.length)).size >= 2, `the text grew in several steps: ${[...new Set(partial.map((s) => s.text.length))].join(', ')}`);
  assert.ok(partial.every((s) => final.text.startsWith(s.text)), 'each step extends the last');

  // Markup in the answer is text: nothing was parsed into elements or run.
  assert.equal(await page.locator('#pg-bold, #pg-img').count(), 0);
  assert.equal(await page.evaluate('window.__pgInjected'), undefined);

  // The three panes: Anthropic's request, Anthropic's raw event stream, OpenAI Chat's chunks.
  const sent = (await page.getByTestId('playground-pane-upstreamRequest').textContent()) ?? '';
  assert.match(sent, new RegExp(`"model": "${ANTH.upstreamModel}"`));
  assert.match(sent, /"max_tokens": \d+/);
  const raw = (await page.getByTestId('playground-pane-upstreamResponse').textContent()) ?? '';
  assert.match(raw, /event: message_start/);
  assert.match(raw, /"type":"content_block_delta"/);
  const translated = (await page.getByTestId('playground-pane-clientResponse').textContent()) ?? '';
  assert.match(translated, /"object":"chat\.completion\.chunk"/);
  assert.match(translated, /data: \[DONE\]/);

  const attempts = page.getByTestId('playground-attempt');
  assert.equal(await attempts.count(), 1);
  const row = (await attempts.first().textContent()) ?? '';
  assert.match(row, new RegExp(`${ANTH.provider}`));
  assert.match(row, /200/);
  assert.equal(await attempts.first().getAttribute('data-outcome'), 'answered');
  assert.match((await page.getByTestId('playground-status').textContent()) ?? '', /200/);
  assert.deepEqual(problems, []);
});

test('a combo that fails over lists both attempts', { timeout: 60_000 }, async () => {
  await openPlayground();
  await pickModel(COMBO);
  h.mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'status', status: 503 } });
  await page.getByTestId('playground-send').click();
  const final = (await watchOutput()).at(-1)!;
  assert.equal(final.phase, 'done');
  const outcomes = await page.getByTestId('playground-attempt').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
  assert.deepEqual(outcomes, ['failed', 'answered']);
  assert.match((await page.getByTestId('playground-attempt').first().textContent()) ?? '', /503/);
});

test('a body that is not JSON cannot be sent, and the format refuses what it does not accept', { timeout: 60_000 }, async () => {
  await openPlayground();
  await page.getByTestId('playground-body').fill('{"messages": [');
  assert.equal(await page.getByTestId('playground-send').isDisabled(), true);
  await page.getByTestId('playground-reset-body').click();
  assert.equal(await page.getByTestId('playground-send').isDisabled(), false);
  await page.getByTestId('playground-body').fill('{"messages": "not a list"}');
  await page.getByTestId('playground-send').click();
  await page.getByTestId('playground-error').waitFor();
  assert.match((await page.getByTestId('playground-error').textContent()) ?? '', /not a valid openai-chat request/);
  // The refusal is a 400, which Chromium logs as a failed resource: expected here, and only here.
  assert.ok(problems.length === 1 && problems[0]!.includes('/api/playground.send'), problems.join('\n'));
  problems.length = 0;
});

const PREFS: Prefs[] = [
  { locale: 'en', theme: 'light' },
  { locale: 'en', theme: 'dark' },
  { locale: 'zh', theme: 'light' },
  { locale: 'zh', theme: 'dark' },
];

test('the page after a run: legible and translated in every language and theme', { timeout: 180_000 }, async () => {
  for (const prefs of PREFS) {
    await setPrefs(page, prefs);
    await openPlayground();
    await page.reload();
    await page.getByTestId('playground-model').waitFor();
    await pickModel(COMBO);
    // A fallback, so the attempts list has a failure to show too.
    h.mock.inject({ match: { format: 'openai-chat' }, fault: { kind: 'status', status: 503 } });
    await page.getByTestId('playground-send').click();
    assert.equal((await watchOutput()).at(-1)?.phase, 'done');
    const where = `${prefs.locale}/${prefs.theme}`;
    assert.deepEqual(await lowContrastText(page), [], `low contrast (${where})`);
    assert.deepEqual(await unlabelledControls(page), [], `unlabelled controls (${where})`);
    if (prefs.locale === 'zh') assert.deepEqual(await englishShown(page), [], `English left in the Chinese page (${where})`);
    await screenshot(page, `playground-${prefs.locale}-${prefs.theme}`);
  }
  assert.deepEqual(problems, []);
});
