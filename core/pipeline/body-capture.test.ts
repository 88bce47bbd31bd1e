import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BodyCapture, WITHHELD_STREAM } from './body-capture.js';

const KEY = 'sk-live-0123456789abcdef';

/** Streams `pieces` as OpenAI Chat content deltas through a capture, as the relay does. */
function streamed(pieces: string[], opts: { arguments?: boolean } = {}) {
  const capture = new BodyCapture({ limitBytes: 4096, secrets: [KEY] });
  capture.setClientRequest('{"model":"m"}');
  capture.startAttempt('{"model":"m","stream":true}');
  const upstream = capture.upstreamStream();
  const client = capture.clientStream();
  for (const piece of pieces) {
    const delta = opts.arguments ? { tool_calls: [{ index: 0, function: { arguments: piece } }] } : { content: piece };
    const line = `data: ${JSON.stringify({ choices: [{ index: 0, delta }] })}\n\n`;
    upstream.push(Buffer.from(line));
    client.push(line);
    capture.pushStreamed(piece, opts.arguments === true);
  }
  return Object.fromEntries(capture.finish().map((b) => [b.kind, b.body]));
}

test('a key split across streamed events withholds both stream bodies', () => {
  const bodies = streamed(['your key is sk-live-0123', '456789abcdef, keep it safe']);
  assert.equal(bodies.upstream_response, WITHHELD_STREAM);
  assert.equal(bodies.client_response, WITHHELD_STREAM);
  assert.equal(bodies.client_request, '{"model":"m"}', 'whole bodies are kept');
  for (const body of Object.values(bodies)) assert.ok(!body.includes('456789abcdef'));
});

test('a key whole in one event is redacted in place and the stream is kept', () => {
  const bodies = streamed(['your key is ', `${KEY} `, 'keep it safe']);
  assert.match(bodies.upstream_response!, /\[REDACTED\]/);
  assert.ok(!bodies.upstream_response!.includes(KEY));
  assert.match(bodies.client_response!, /keep it safe/);
});

test('a credential field streamed in tool arguments withholds the stream; plain arguments do not', () => {
  const secret = streamed(['{"url":"https://x","api_', 'key":"abc', 'def"}'], { arguments: true });
  assert.equal(secret.upstream_response, WITHHELD_STREAM);
  const plain = streamed(['{"city":"Par', 'is"}'], { arguments: true });
  assert.match(plain.upstream_response!, /Par/);
});
