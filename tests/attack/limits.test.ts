/**
 * Issue 10, HTTP server limits: slow or idle sockets cannot hold the gateway, deep JSON and
 * oversized bodies are 4xx in the client's format, and a large body costs about its size.
 * Only 127.0.0.0/8; every loop is bounded in count and time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_LIMITS, serverOptions } from '../../core/server/http-server.js';
import { DEFAULT_CONNECTION_CAPS } from '../../core/server/connection-cap.js';
import { configYaml, startHarness, UPSTREAMS } from '../e2e/harness.js';
import { startMockUpstream } from '../mock-upstream/index.js';
import type { Harness } from '../e2e/harness.js';

let h: Harness;
before(async () => {
  h = await startHarness({ extraConfig: 'server:\n  bodyLimitBytes: 1048576\n' });
});
after(() => h.close());

interface Answer {
  status: number;
  body: string;
}

function call(path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, h.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        agent: false,
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function openSocket(port: number, localAddress: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(null));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(null);
    });
  });
}

const port = () => Number(new URL(h.url).port);

test('a socket sending one header byte per second is closed within the header timeout, and others keep being answered', async () => {
  const socket = await openSocket(port(), '127.0.0.1');
  assert.ok(socket);
  let closedAt = 0;
  socket.on('close', () => (closedAt = Date.now()));
  socket.on('error', () => {});
  const startedAt = Date.now();
  const line = Buffer.from('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(100));
  const deadline = startedAt + SERVER_LIMITS.headersTimeoutMs + 4000;
  for (let i = 0; i < line.length && !closedAt && Date.now() < deadline; i++) {
    socket.write(line.subarray(i, i + 1));
    assert.equal((await call('/health')).status, 200);
    await sleep(1000);
  }
  socket.destroy();
  assert.ok(closedAt > 0, 'the slow socket was still open after the header timeout');
  assert.ok(closedAt - startedAt <= SERVER_LIMITS.headersTimeoutMs + 3000, `closed after ${closedAt - startedAt} ms`);
});

test('a body sent one byte a second is cut off at the request timeout (408), and others keep being answered', async () => {
  const slow = await startHarness({ extraConfig: 'server:\n  requestTimeoutMs: 3000\n  headersTimeoutMs: 1000\n' });
  try {
    const p = Number(new URL(slow.url).port);
    const socket = await openSocket(p, '127.0.0.1');
    assert.ok(socket);
    let answer = '';
    let closedAt = 0;
    socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    socket.on('close', () => (closedAt = Date.now()));
    socket.on('error', () => {});
    const body = JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'slow' }] });
    const startedAt = Date.now();
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    for (let i = 0; i < body.length && !closedAt && Date.now() - startedAt < 10_000; i++) {
      socket.write(body.slice(i, i + 1));
      const other = await fetch(`${slow.url}/health`);
      assert.equal(other.status, 200);
      await sleep(500);
    }
    socket.destroy();
    assert.ok(closedAt > 0, 'the slow body was still being read after the request timeout');
    assert.ok(closedAt - startedAt <= 3000 + 2500, `closed after ${closedAt - startedAt} ms`);
    assert.match(answer, /^HTTP\/1\.1 408 |^$/, answer.slice(0, 80));
    assert.equal(slow.mock.requests.length, 0, 'a request never received whole is never sent upstream');
  } finally {
    await slow.close();
  }
});

test('2,000 idle sockets from one address do not stop a client on another address from being answered quickly', async () => {
  // The per-address cap counts idle sockets, so the attacker uses 127.0.0.2 (Linux routes
  // all of 127.0.0.0/8 to lo) and the well-formed client 127.0.0.1, each with its own cap.
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < 2000; i++) {
      const s = await openSocket(port(), '127.0.0.2');
      if (!s) break;
      s.on('error', () => {});
      s.resume();
      sockets.push(s);
    }
    assert.ok(sockets.length >= DEFAULT_CONNECTION_CAPS.perAddress, `opened only ${sockets.length}`);
    await sleep(200);
    const started = Date.now();
    const answer = await call('/health');
    assert.equal(answer.status, 200);
    assert.ok(Date.now() - started < 2000);
    // Over the cap, the attacker's next socket gets a plain 503 and is closed.
    const extra = await openSocket(port(), '127.0.0.2');
    assert.ok(extra);
    const text = await new Promise<string>((resolve) => {
      let got = '';
      extra.on('data', (c: Buffer) => (got += c.toString('latin1')));
      extra.on('close', () => resolve(got));
      extra.on('error', () => {});
      extra.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      setTimeout(() => extra.destroy(), 3000).unref();
    });
    assert.match(text, /^HTTP\/1\.1 503 /);
  } finally {
    for (const s of sockets) s.destroy();
  }
});

test('a 100k-deep JSON body is a 400 in the client format', async () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const chat = await call('/v1/chat/completions', deep);
  assert.equal(chat.status, 400);
  assert.equal((JSON.parse(chat.body) as { error: { type: string } }).error.type, 'invalid_request_error');
  const anthropic = await call('/v1/messages', `{"model":"${UPSTREAMS.anthropic.model}","messages":${deep}}`);
  assert.equal(anthropic.status, 400);
  assert.equal((JSON.parse(anthropic.body) as { type: string }).type, 'error');
  // 400 levels are fine (it is the nesting, not brackets inside strings, that counts).
  const ok = await call('/v1/chat/completions', JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: '['.repeat(5000) }], x: JSON.parse('['.repeat(390) + ']'.repeat(390)) as unknown }));
  assert.notEqual(ok.status, 500);
  assert.doesNotMatch(ok.body, /nests/);
});

test('an oversized body is a 413', async () => {
  const big = JSON.stringify({ model: UPSTREAMS['openai-chat'].model, messages: [{ role: 'user', content: 'a'.repeat(2 * 1048576) }] });
  const answer = await call('/v1/chat/completions', big);
  assert.equal(answer.status, 413);
  assert.equal((JSON.parse(answer.body) as { error: { type: string } }).error.type, 'invalid_request_error');
});

test('large bodies in flight at once are capped: over the budget a client gets a 503 in its format, and is served again once they finish', async () => {
  // The harness body limit is 1 MiB, so the budget is 4 MiB: four bodies of 1,000,000 bytes
  // that are still being sent hold it.
  const held: Socket[] = [];
  const bigChat = JSON.stringify({ model: 'none/none', messages: [{ role: 'user', content: 'a'.repeat(999_900) }] });
  try {
    for (let i = 0; i < 4; i++) {
      const s = await openSocket(port(), '127.0.0.1');
      assert.ok(s);
      s.on('error', () => {});
      s.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"model":');
      held.push(s);
    }
    await sleep(200);
    const refused = await call('/v1/chat/completions', bigChat);
    assert.equal(refused.status, 503);
    assert.match((JSON.parse(refused.body) as { error: { message: string } }).error.message, /too many large request bodies/);
    // A small body still fits in what is left of the budget.
    assert.notEqual((await call('/v1/chat/completions', JSON.stringify({ model: 'none/none', messages: [] }))).status, 503);
  } finally {
    for (const s of held) s.destroy();
  }
  await sleep(200);
  assert.notEqual((await call('/v1/chat/completions', bigChat)).status, 503);
});

test('the request timeout does not cut a streamed answer that lasts longer than it', async () => {
  const limits = { ...SERVER_LIMITS, headersTimeoutMs: 500, requestTimeoutMs: 1000 };
  const server = createServer(serverOptions(limits), (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    let n = 0;
    const timer = setInterval(() => {
      res.write(`${n}\n`);
      if (++n === 6) {
        clearInterval(timer);
        res.end();
      }
    }, 500);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const address = server.address() as { port: number };
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port: address.port, path: '/', agent: false }, (res) => {
        let got = '';
        res.on('data', (c: Buffer) => (got += c.toString()));
        res.on('end', () => resolve(got));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(body, '0\n1\n2\n3\n4\n5\n');
  } finally {
    server.close();
  }
});

/** A `serve` child process, its URL, and its peak resident memory so far (VmHWM). */
async function serveForMemory(dataDir: string, extraArgs: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/cli/serve.ts', '--port', '0', '--data-dir', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+?)[,\s]/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const peakKb = async () => Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))![1]);
  const post = (body: Buffer) =>
    new Promise<number>((resolve, reject) => {
      const u = new URL('/v1/chat/completions', url);
      request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
        .on('error', reject)
        .end(body);
    });
  // A small request first, so the code on the path is loaded before the baseline.
  const warm = new URL('/health', url);
  await new Promise<void>((resolve) => request({ host: warm.hostname, port: warm.port, path: warm.pathname, agent: false }, (res) => res.resume().on('end', resolve)).end());
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { peakKb, post, stop };
}

/** A chat request of about 32 MiB: the big text in an earlier turn, so the answer (which echoes the last one) stays small. */
function bigChatBody(model: string): Buffer {
  const big = 'a'.repeat(32 * 1024 * 1024 - 1024);
  return Buffer.from(JSON.stringify({ model, messages: [{ role: 'user', content: big }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'hi' }] }));
}

// Read and parse keep three copies at the peak (the buffer, its string, the parsed tree): 2.99x
// in five CI runs, 3.99x once when GC had not yet freed a body-sized copy under load.
const PARSE_BOUND = 4.5;

test('a 32 MiB body costs the serve process less than 4.5x its size in peak RSS to read and parse', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-rss-'));
  const served = await serveForMemory(dataDir);
  try {
    const body = bigChatBody('none/none');
    const baseline = await served.peakKb();
    const status = await served.post(body);
    assert.ok(status >= 400 && status < 500, `status ${status}`);
    const growthMiB = ((await served.peakKb()) - baseline) / 1024;
    const bodyMiB = body.length / 1024 / 1024;
    console.log(`RSS peak growth ${growthMiB.toFixed(1)} MiB for a ${bodyMiB.toFixed(1)} MiB body (${(growthMiB / bodyMiB).toFixed(2)} MiB per MiB)`);
    assert.ok(growthMiB < PARSE_BOUND * bodyMiB, `peak RSS grew ${growthMiB.toFixed(1)} MiB`);
  } finally {
    await served.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

// Measured 5.2x alone and 6.0x beside another test file (GC timing decides how much garbage
// is still resident at the peak); the bound leaves room for that, and two more whole copies
// of the body on the path would cross it.
const PIPELINE_BOUND = 8;

test('through the whole pipeline to an upstream, a 32 MiB body costs less than 8x its size; eight at once stay within the in-flight cap', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'omniroute-rss-'));
  const configPath = join(dataDir, 'config.yaml');
  const mock = await startMockUpstream();
  await writeFile(configPath, configYaml(mock.url));
  try {
    // Translated (Chat client, Anthropic upstream): parse, decode, encode, serialise, send.
    const one = await serveForMemory(dataDir, ['--config', configPath]);
    const body = bigChatBody(UPSTREAMS.anthropic.model);
    const bodyMiB = body.length / 1024 / 1024;
    let growthMiB: number;
    try {
      const baseline = await one.peakKb();
      assert.equal(await one.post(body), 200);
      growthMiB = ((await one.peakKb()) - baseline) / 1024;
    } finally {
      await one.stop();
    }
    console.log(`whole pipeline: RSS peak growth ${growthMiB.toFixed(1)} MiB for a ${bodyMiB.toFixed(1)} MiB body (${(growthMiB / bodyMiB).toFixed(2)} MiB per MiB)`);
    assert.ok(growthMiB < PIPELINE_BOUND * bodyMiB, `peak RSS grew ${growthMiB.toFixed(1)} MiB`);

    // Eight at once: the declared bytes in flight are capped at four bodies, the rest get a 503 to retry.
    const eight = await serveForMemory(dataDir, ['--config', configPath]);
    try {
      const baseline = await eight.peakKb();
      const statuses = await Promise.all(Array.from({ length: 8 }, () => eight.post(body)));
      const grew = ((await eight.peakKb()) - baseline) / 1024;
      console.log(`eight at once: ${statuses.join(',')}, RSS peak growth ${grew.toFixed(1)} MiB`);
      assert.ok(statuses.every((s) => s === 200 || s === 503), statuses.join(','));
      assert.ok(statuses.filter((s) => s === 200).length >= 1);
      assert.ok(grew < 4 * PIPELINE_BOUND * bodyMiB, `eight bodies at once grew RSS ${grew.toFixed(1)} MiB (it was 2.2 GiB)`);
    } finally {
      await eight.stop();
    }
  } finally {
    await mock.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
