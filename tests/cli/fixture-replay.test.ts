/**
 * The requests the current release of each coding CLI really sends (recorded by the CLI
 * matrix into tests/fixtures/cli-requests), replayed through the gateway to every upstream
 * wire format: none may be refused, and a translated one that lost something says so in
 * x-omniroute-warnings. This runs in a second, without the CLIs installed.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Harness } from '../e2e/harness.js';
import { CLI_GATEWAY_KEY, MODEL_FOR, startCliHarness } from './cli-harness.js';
import { loadFixtures, type CliFixture } from './fixtures.js';
import type { RecordedCall } from './recording-proxy.js';
import { CLI_TOOLS, CLIENTS_DIR } from './tools.js';
import { HARNESS_FORMATS, type HarnessFormat } from '../e2e/harness.js';

const fixtures = await loadFixtures();
let harness: Harness;

before(async () => {
  harness = await startCliHarness();
});
after(async () => {
  await harness.close();
});

const GEMINI_PATH = /^(\/v1beta\/models\/)([^:]+)(:.*)$/;

/** The recorded call, re-aimed at another upstream through its alias. */
function retarget(call: RecordedCall, upstream: HarnessFormat): { path: string; body: unknown } {
  const model = MODEL_FOR[upstream];
  const gemini = GEMINI_PATH.exec(call.path);
  if (gemini) return { path: `${gemini[1]}${model}${gemini[3]}`, body: call.body };
  return { path: call.path, body: { ...(call.body as Record<string, unknown>), model } };
}

function headersFor(call: RecordedCall): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (value === '<redacted>' || name === 'accept-encoding' || name === 'content-length') continue;
    headers[name] = value;
  }
  // Each client format has its own key header; the gateway accepts them all.
  headers.authorization = `Bearer ${CLI_GATEWAY_KEY}`;
  headers['x-api-key'] = CLI_GATEWAY_KEY;
  headers['x-goog-api-key'] = CLI_GATEWAY_KEY;
  return headers;
}

async function replay(call: RecordedCall, upstream: HarnessFormat): Promise<{ status: number; text: string; warnings: string | null; requestId: string }> {
  const { path, body } = retarget(call, upstream);
  const response = await fetch(harness.url + path, { method: 'POST', headers: headersFor(call), body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, warnings: response.headers.get('x-omniroute-warnings'), requestId: response.headers.get('x-request-id') ?? '' };
}

test('every coding CLI has recorded fixtures, for the version tests/clients installs', async () => {
  const manifest = JSON.parse(await readFile(join(CLIENTS_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const tool of CLI_TOOLS) {
    const mine = fixtures.filter((f) => f.tool === tool.id);
    assert.ok(mine.length >= 2, `${tool.id}: no recorded requests; run npm run record:cli-fixtures`);
    for (const fixture of mine) {
      assert.equal(
        fixture.version,
        manifest.dependencies[tool.packageName],
        `${tool.id}/${fixture.case} was recorded from ${fixture.version}; tests/clients installs ${manifest.dependencies[tool.packageName]}: run npm run record:cli-fixtures`,
      );
      assert.ok(fixture.calls.length > 0, `${tool.id}/${fixture.case} holds no model request`);
    }
  }
});

function describeFixture(fixture: CliFixture): void {
  describe(`${fixture.tool} ${fixture.version} ${fixture.case}`, () => {
    for (const upstream of HARNESS_FORMATS) {
      test(`every recorded request is served by a ${upstream} upstream`, async () => {
        for (const [i, call] of fixture.calls.entries()) {
          const answer = await replay(call, upstream);
          assert.equal(answer.status, 200, `call ${i} (${call.path}) -> ${answer.status}: ${answer.text.slice(0, 600)}`);
        }
      });
    }
  });
}

for (const fixture of fixtures) describeFixture(fixture);

describe('what translation drops is reported, never refused', () => {
  test("Codex's web_search tool reaches a Chat upstream as a warning", async () => {
    const codex = fixtures.find((f) => f.tool === 'codex' && f.case === 'one-shot');
    assert.ok(codex, 'no codex fixture');
    const call = codex.calls.find((c) => JSON.stringify(c.body).includes('"web_search"'));
    assert.ok(call, 'the recorded Codex request carries no web_search tool any more: update this test');
    const answer = await replay(call, 'openai-chat');
    assert.equal(answer.status, 200, answer.text.slice(0, 600));
    assert.match(answer.warnings ?? '', /web.?search/i);
    // The request log keeps the same list, so the user can see it later.
    const page = await harness.gateway.control.call('logs.list', { limit: 5 });
    const entry = page.entries.find((e) => e.id === answer.requestId);
    assert.ok(entry, `request ${answer.requestId} is not in the log`);
    assert.ok(entry.warnings.some((w) => /web.?search/i.test(w)), `the log row lacks the warning: ${JSON.stringify(entry.warnings)}`);
  });

  test("Claude Code's mid-conversation system message reaches a Gemini upstream as instructions", async () => {
    const claude = fixtures.find((f) => f.tool === 'claude-code' && f.case === 'one-shot');
    assert.ok(claude, 'no claude-code fixture');
    const call = claude.calls.find((c) => ((c.body as { messages?: Array<{ role: string }> }).messages ?? []).some((m) => m.role === 'system'));
    assert.ok(call, 'the recorded Claude Code request carries no system-role message any more: update this test');
    harness.mock.reset();
    const answer = await replay(call, 'gemini');
    assert.equal(answer.status, 200, answer.text.slice(0, 600));
    const sent = harness.mock.requests.at(-1)!.body as { systemInstruction?: { parts: Array<{ text?: string }> }; contents: unknown[] };
    const systemText = (sent.systemInstruction?.parts ?? []).map((p) => p.text ?? '').join('\n');
    const inline = (call.body as { messages: Array<{ role: string; content: string | Array<{ text?: string }> }> }).messages.find((m) => m.role === 'system')!;
    const inlineText = typeof inline.content === 'string' ? inline.content : inline.content.map((b) => b.text ?? '').join('\n');
    assert.ok(systemText.includes(inlineText.slice(0, 80)), `the system message did not reach the Gemini systemInstruction: ${inlineText.slice(0, 80)}`);
  });
});
