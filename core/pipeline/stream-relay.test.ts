import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { WireFormat } from '../formats/canonical.js';
import { codecs } from '../formats/registry.js';
import { relayStream } from './stream-relay.js';

/** A client that takes every write only after a drain, as a slow reader does. */
class SlowClient extends EventEmitter {
  destroyed = false;
  written = '';
  maxListeners = 0;
  write(text: string | Buffer): boolean {
    this.written += text.toString();
    setImmediate(() => {
      this.maxListeners = Math.max(this.maxListeners, this.listenerCount('drain') + this.listenerCount('close'));
      this.emit('drain');
    });
    return false;
  }
}

function chatChunk(i: number): string {
  const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function relay(res: SlowClient, frames: string[], upstreamFormat: WireFormat, clientFormat: WireFormat) {
  const ctx = { requestId: 'r1', now: 0 };
  return relayStream({
    res: res as unknown as ServerResponse,
    body: Readable.from(frames.map((f) => Buffer.from(f))) as unknown as Dispatcher.ResponseData['body'],
    upstreamFormat,
    clientFormat,
    ctx,
    encodeCtx: { ...ctx, model: 'm', request: { model: 'm', system: [], messages: [], stream: true } },
    signal: new AbortController().signal,
    startedAt: performance.now(),
    begin: () => undefined,
  });
}

test('waiting for drain leaves no listener behind', async () => {
  const res = new SlowClient();
  const frames = Array.from({ length: 200 }, (_, i) => chatChunk(i));
  const outcome = await relay(res, [...frames, 'data: [DONE]\n\n'], 'openai-chat', 'openai-chat');
  assert.equal(outcome.error, undefined);
  assert.ok(res.written.includes('w199'));
  assert.equal(res.listenerCount('drain'), 0);
  assert.equal(res.listenerCount('close'), 0);
  assert.ok(res.maxListeners <= 2, `at most one drain wait at a time, saw ${res.maxListeners} listeners`);
});

test('a codec that throws mid-stream is the gateway\'s error, not a lost upstream connection', async (t) => {
  const real = codecs.anthropic.createStreamEncoder;
  let pushes = 0;
  t.mock.method(codecs.anthropic, 'createStreamEncoder', (ctx: Parameters<typeof real>[0]) => {
    const encoder = real(ctx);
    const push = encoder.push.bind(encoder);
    encoder.push = (event) => {
      // The third event breaks; error events (the report) still encode.
      if (event.type !== 'error' && ++pushes === 3) throw new TypeError('boom');
      return push(event);
    };
    return encoder;
  });
  const res = new SlowClient();
  const frames = Array.from({ length: 10 }, (_, i) => chatChunk(i));
  const outcome = await relay(res, [...frames, 'data: [DONE]\n\n'], 'openai-chat', 'anthropic');
  assert.equal(outcome.gatewayFault, true);
  assert.equal(outcome.error?.status, 500);
  assert.equal(outcome.error?.kind, 'api_error');
  assert.doesNotMatch(outcome.error?.message ?? '', /connection was lost/);
  assert.match(res.written, /event: error/);
  assert.match(res.written, /api_error/);
});
