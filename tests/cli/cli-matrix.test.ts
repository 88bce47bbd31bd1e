/**
 * The real coding CLIs, as installed from npm, driven through the gateway against the strict
 * mock for every upstream wire format: a one-shot prompt, and an agent tool loop in which the
 * tool reads a file and the answer must contain what only that file holds. Claude Code also
 * runs with extended thinking across three tool turns on each upstream.
 *
 * With OMNIROUTE_RECORD_FIXTURES=1 the requests each tool sent are saved under
 * tests/fixtures/cli-requests/ (see fixtures.ts), which the codec fixture tests replay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Harness } from '../e2e/harness.js';
import { CLI_GATEWAY_KEY, isChatCall, MODEL_FOR, SINGLE_ACCOUNT_COMBO, startCliHarness, uniqueWord } from './cli-harness.js';
import { UPSTREAMS } from '../e2e/harness.js';
import { recordFixture, recordingRequested } from './fixtures.js';
import { runTool, type ToolRun } from './run-tool.js';
import { CLI_TOOLS, type CliTool } from './tools.js';
import { HARNESS_FORMATS, type HarnessFormat } from '../e2e/harness.js';

let harness: Harness;

before(async () => {
  harness = await startCliHarness();
});
after(async () => {
  await harness.close();
});

/** Every call the tool made to a model endpoint was answered 200. */
function assertChatCallsSucceeded(run: ToolRun, label: string): void {
  const chat = run.calls.filter((c) => isChatCall(c.path));
  assert.ok(chat.length > 0, `${label}: the tool sent no model request through the gateway`);
  const failed = chat.filter((c) => c.status !== 200);
  assert.deepEqual(
    failed.map((c) => `${c.method} ${c.path} -> ${c.status} ${c.errorBody ?? ''}`),
    [],
    `${label}: model requests were refused\nstderr: ${run.stderr.slice(-1500)}`,
  );
}

async function oneShot(tool: CliTool, upstream: HarnessFormat): Promise<ToolRun> {
  const word = uniqueWord('parrot');
  const run = await runTool({
    tool,
    gatewayUrl: harness.url,
    model: MODEL_FOR[upstream],
    apiKey: CLI_GATEWAY_KEY,
    prompt: () => `Please repeat this word: ${word}`,
  });
  const label = `${tool.id} -> ${upstream} one-shot`;
  assertChatCallsSucceeded(run, label);
  assert.match(run.answer, /Hello! You said:/, `${label}: answer ${run.answer.slice(0, 500)}`);
  assert.ok(run.answer.includes(word), `${label}: the answer does not echo the prompt: ${run.answer.slice(0, 500)}`);
  return run;
}

async function toolLoop(tool: CliTool, upstream: HarnessFormat): Promise<ToolRun> {
  const secret = uniqueWord('codeword');
  const run = await runTool({
    tool,
    gatewayUrl: harness.url,
    model: MODEL_FOR[upstream],
    apiKey: CLI_GATEWAY_KEY,
    files: { 'notes.txt': `The codeword is ${secret}\n` },
    prompt: (dir) => `Read the file ${dir}/notes.txt and tell me the codeword it contains.`,
  });
  const label = `${tool.id} -> ${upstream} tool loop`;
  assertChatCallsSucceeded(run, label);
  assert.ok(run.answer.includes(secret), `${label}: the answer lacks the file's codeword: ${run.answer.slice(0, 800)}\nstderr: ${run.stderr.slice(-1500)}`);
  const upstreamCalls = harness.mock.requests.filter((r) => r.format === upstream);
  assert.ok(upstreamCalls.length >= 2, `${label}: the ${upstream} upstream saw ${upstreamCalls.length} requests`);
  return run;
}

for (const tool of CLI_TOOLS) {
  describe(`${tool.id} (${tool.format} client)`, () => {
    for (const upstream of HARNESS_FORMATS) {
      test(`one-shot through a ${upstream} upstream`, async () => {
        harness.mock.reset();
        const run = await oneShot(tool, upstream);
        if (recordingRequested() && upstream === tool.format) await recordFixture(tool, 'one-shot', run.calls);
      });
      test(`tool loop through a ${upstream} upstream`, async () => {
        harness.mock.reset();
        const run = await toolLoop(tool, upstream);
        if (recordingRequested() && upstream === tool.format) await recordFixture(tool, 'tool-loop', run.calls);
      });
    }
  });
}

const claude = CLI_TOOLS.find((t) => t.id === 'claude-code')!;

describe('claude-code with extended thinking across three tool turns', () => {
  for (const upstream of HARNESS_FORMATS) {
    test(`through a ${upstream} upstream`, async () => {
      harness.mock.reset();
      const secrets = [uniqueWord('alpha'), uniqueWord('bravo'), uniqueWord('charlie')];
      const run = await runTool({
        tool: claude,
        gatewayUrl: harness.url,
        model: MODEL_FOR[upstream],
        apiKey: CLI_GATEWAY_KEY,
        thinking: true,
        files: { 'a.txt': `first ${secrets[0]}\n`, 'b.txt': `second ${secrets[1]}\n`, 'c.txt': `third ${secrets[2]}\n` },
        prompt: (dir) => `Read the files ${dir}/a.txt, ${dir}/b.txt and ${dir}/c.txt one at a time and tell me what they say.`,
      });
      const label = `claude-code thinking -> ${upstream}`;
      assertChatCallsSucceeded(run, label);
      for (const secret of secrets) assert.ok(run.answer.includes(secret), `${label}: answer lacks ${secret}: ${run.answer.slice(0, 800)}`);
      // Claude Code asked for thinking, and the turns that followed carried it back.
      const sent = run.calls.filter((c) => isChatCall(c.path)).map((c) => c.body as { thinking?: unknown; messages?: unknown[] });
      assert.ok(sent.some((b) => b.thinking !== undefined), `${label}: Claude Code sent no thinking config`);
      const last = sent.at(-1)!;
      const assistantTurns = (last.messages ?? []).filter((m) => (m as { role?: string }).role === 'assistant') as Array<{ content: unknown }>;
      assert.ok(assistantTurns.length >= 3, `${label}: expected three assistant tool turns in the history, got ${assistantTurns.length}`);
      for (const turn of assistantTurns) {
        const blocks = Array.isArray(turn.content) ? (turn.content as Array<{ type: string }>) : [];
        assert.equal(blocks[0]?.type, 'thinking', `${label}: an assistant turn in Claude Code's history lost its thinking block`);
      }
      if (recordingRequested() && upstream === 'anthropic') await recordFixture(claude, 'thinking-tool-loop', run.calls);
    });
  }
});

describe('a short rate limit is waited out, not passed to the tool', () => {
  for (const tool of [claude, CLI_TOOLS.find((t) => t.id === 'codex')!]) {
    test(`${tool.id}: the only member of a combo answers 429 with Retry-After: 1`, async () => {
      harness.mock.reset();
      harness.mock.inject({ match: { apiKey: UPSTREAMS.anthropic.apiKey }, fault: { kind: 'status', status: 429, retryAfter: '1' } });
      const word = uniqueWord('parrot');
      const started = performance.now();

      const run = await runTool({
        tool,
        gatewayUrl: harness.url,
        model: SINGLE_ACCOUNT_COMBO,
        apiKey: CLI_GATEWAY_KEY,
        prompt: () => `Please repeat this word: ${word}`,
      });
      const label = `${tool.id} with a 429 on its only account`;
      // The tool never saw the 429: the gateway waited for the account instead.
      assertChatCallsSucceeded(run, label);
      assert.ok(run.answer.includes(word), `${label}: ${run.answer.slice(0, 300)}`);
      const limited = harness.mock.requests.filter((r) => r.status === 429);
      assert.equal(limited.length, 1, `${label}: the mock answered 429 ${limited.length} times`);
      const retried = harness.mock.requests.find((r) => r.status === 200 && r.apiKey === UPSTREAMS.anthropic.apiKey);
      assert.ok(retried, `${label}: the account was not asked again`);
      // The request that met the 429 was answered about a second later (Retry-After: 1).
      const { entries } = await harness.gateway.control.call('logs.list', { limit: 50 });
      const waited = entries.find((e) => e.requestedModel === SINGLE_ACCOUNT_COMBO && e.attempts === 2 && e.ts >= Date.now() - (performance.now() - started) - 1000);
      assert.ok(waited, `${label}: no logged request took two attempts: ${JSON.stringify(entries.slice(0, 5))}`);
      assert.equal(waited.status, 200);
      assert.ok(waited.latencyMs >= 900 && waited.latencyMs < 2500, `${label}: answered after ${waited.latencyMs} ms`);
    });
  }
});
