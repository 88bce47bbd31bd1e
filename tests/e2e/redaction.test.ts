/**
 * Redaction end to end: one canary secret is both a provider key and a gateway key, body
 * capture is on, and requests succeed, fail at the gateway (wrong key) and fail upstream with
 * a 401 that echoes the key back. Afterwards the canary is in no file the gateway wrote under
 * its data dir (database, WAL, backups, exports), in no client-visible answer, in no
 * process warning, and not in the output of a `serve` process. The config file is the
 * user's own and holds the key by their choice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { startMockUpstream } from '../mock-upstream/index.js';
import { configYaml, startHarness, UPSTREAMS } from './harness.js';
import { filesUnder } from '../fixtures/files-under.js';

const CANARY = `sk-canary-${randomBytes(12).toString('hex')}`;
const PASSPHRASE = 'canary passphrase 42';
const chat = UPSTREAMS['openai-chat'];


test('a canary provider and gateway key appears in no file, answer or warning', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}\n${w.stack ?? ''}`);
  process.on('warning', onWarning);
  const h = await startHarness({
    extraConnections: [{ provider: chat.provider, label: 'canary', apiKey: CANARY, priority: 1 }],
    extraConfig: `server:\n  apiKeys:\n    - key: ${CANARY}\n      label: canary-key\n  requestLog:\n    captureBodies: true\n`,
  });
  try {
    const answers: string[] = [];
    const send = async (path: string, headers: Record<string, string>, body: unknown): Promise<Response> => {
      const res = await fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      answers.push(JSON.stringify([...res.headers.entries()]), await res.clone().text());
      return res;
    };
    const bearer = { authorization: `Bearer ${CANARY}` };
    // Distinct texts: the idempotency cache would answer a repeated request without the upstream.
    let n = 0;
    const messages = () => [{ role: 'user', content: `hello canary ${n++}` }];

    assert.equal((await send('/v1/chat/completions', bearer, { model: chat.model, messages: messages() })).status, 200);
    assert.equal(h.mock.requests.at(-1)?.apiKey, CANARY, 'the canary account served the request');
    assert.equal((await send('/v1/chat/completions', bearer, { model: chat.model, messages: messages(), stream: true })).status, 200);
    const anth = await send('/v1/messages', { 'x-api-key': CANARY, 'anthropic-version': '2023-06-01' }, { model: chat.model, max_tokens: 20, messages: messages() });
    assert.equal(anth.status, 200);
    assert.equal((await send('/v1/chat/completions', { authorization: 'Bearer wrong-key' }, { model: chat.model, messages: messages() })).status, 401);

    // The upstream refuses the canary and says which key it saw, as OpenAI's 401 does.
    const echo = { error: { message: `Incorrect API key provided: ${CANARY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    h.mock.inject({ match: { apiKey: CANARY }, times: 5, fault: { kind: 'status', status: 401, body: echo } });
    h.mock.inject({ match: { apiKey: chat.apiKey }, times: 5, fault: { kind: 'status', status: 401, body: { error: { ...echo.error, message: `Incorrect API key provided: ${chat.apiKey}.` } } } });
    const refused = await send('/v1/chat/completions', bearer, { model: chat.model, messages: messages() });
    assert.ok(refused.status >= 400, `the client sees a failure (${refused.status})`);
    assert.ok(h.mock.requests.some((r) => r.apiKey === CANARY && r.status === 401), 'the echoing 401 was sent');
    const refusedStream = await send('/v1/chat/completions', bearer, { model: chat.model, messages: messages(), stream: true });
    assert.ok(refusedStream.status >= 400 || (await refusedStream.text()).includes('error'));

    await h.gateway.store.requestLog.flush();
    const rows = (await h.gateway.control.call('logs.list', { limit: 100 })).entries;
    assert.ok(rows.length >= 5, `${rows.length} rows`);
    let captured = 0;
    for (const row of rows) {
      const detail = await h.gateway.control.call('logs.get', { id: row.id });
      captured += detail?.bodies.length ?? 0;
      assert.equal(JSON.stringify(detail).includes(CANARY), false, `log detail of ${row.id}`);
    }
    assert.ok(captured >= 4, 'bodies were captured, so redaction was exercised');

    const backup = await h.gateway.control.call('backup.create', {});
    const plain = await h.gateway.control.call('config.export', {});
    const sealed = await h.gateway.control.call('config.export', { includeSecrets: true, passphrase: PASSPHRASE });
    for (const reply of [backup, plain, sealed]) assert.equal(JSON.stringify(reply).includes(CANARY), false);

    const scan = async (when: string) => {
      const files = (await filesUnder(h.dataDir)).filter((f) => relative(h.dataDir, f) !== 'config.yaml');
      assert.ok(files.some((f) => f.endsWith('.db')) && files.some((f) => f.includes('backups')) && files.some((f) => f.includes('exports')));
      for (const file of files) {
        const bytes = await readFile(file);
        assert.equal(bytes.includes(CANARY), false, `${when}: the canary is in ${relative(h.dataDir, file)}`);
        assert.equal(bytes.includes(Buffer.from(CANARY, 'utf16le')), false, `${when}: ${relative(h.dataDir, file)} (UTF-16)`);
      }
    };
    await scan('while running');
    await h.restart();
    await scan('after a restart');

    for (const answer of answers) assert.equal(answer.includes(CANARY), false, `client-visible: ${answer.slice(0, 200)}`);
    assert.equal(warnings.join('\n').includes(CANARY), false);
  } finally {
    process.off('warning', onWarning);
    await h.close();
  }
});

test('the serve process writes the canary to neither its output nor its data dir', { timeout: 60_000 }, async () => {
  const mock = await startMockUpstream();
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-canary-serve-'));
  const configPath = join(tmpdir(), `omniroute-canary-${randomBytes(4).toString('hex')}.yaml`);
  const extra = `server:\n  apiKeys:\n    - key: ${CANARY}\n      label: canary-key\n  requestLog:\n    captureBodies: true\n`;
  await writeFile(configPath, configYaml(mock.url, extra, [{ provider: chat.provider, label: 'canary', apiKey: CANARY, priority: 1 }]));
  const root = join(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/cli/serve.ts', '--port', '0', '--data-dir', dataDir, '--config', configPath], {
    cwd: root,
    env: { ...process.env, OMNIROUTE_SECRET_KEY: '33'.repeat(32) },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  try {
    while (!/listening on http/.test(output) && child.exitCode === null) await once(child.stdout, 'data').catch(() => undefined);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    assert.ok(url, `serve did not start: ${output}`);
    const post = (headers: Record<string, string>, text: string, stream = false) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: chat.model, stream, messages: [{ role: 'user', content: text }] }),
      }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const bearer = { authorization: `Bearer ${CANARY}` };
    assert.equal((await post(bearer, 'serve one')).status, 200);
    assert.equal((await post(bearer, 'serve two', true)).status, 200);
    assert.equal((await post({ authorization: 'Bearer wrong' }, 'serve three')).status, 401);
    const echo = { error: { message: `Incorrect API key provided: ${CANARY}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    mock.inject({ match: { apiKey: CANARY }, times: 3, fault: { kind: 'status', status: 401, body: echo } });
    const refused = await post(bearer, 'serve four');
    assert.equal(refused.text.includes(CANARY), false, 'the forwarded upstream error');
    assert.ok(mock.requests.some((r) => r.apiKey === CANARY && r.status === 401), 'the echoing 401 was sent');
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    assert.equal(output.includes(CANARY), false, `serve output: ${output}`);
    for (const file of await filesUnder(dataDir)) {
      assert.equal((await readFile(file)).includes(CANARY), false, `the canary is in ${relative(dataDir, file)}`);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await mock.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(configPath, { force: true });
  }
});
