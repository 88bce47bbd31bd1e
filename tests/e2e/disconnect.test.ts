/**
 * A client that goes away mid-stream must not keep an upstream generation (and its quota)
 * running: the gateway aborts the upstream request at once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';
import { HARNESS_FORMATS } from './harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

for (const upstream of HARNESS_FORMATS) {
  test(`client disconnect mid-stream aborts the ${upstream} upstream request`, async () => {
    const { apiKey, model } = UPSTREAMS[upstream];
    h.mock.inject({ match: { apiKey }, fault: { kind: 'slow-stream', delayMs: 50, extraTextEvents: 200 } });
    const controller = new AbortController();
    const body = { model, stream: true, messages: [{ role: 'user', content: 'tell me a long story' }] };
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.length > 0, 'content started flowing');
    controller.abort();
    const recorded = h.mock.requests.filter((r) => r.apiKey === apiKey).at(-1)!;
    // Resolves when the mock's response ends or is cut. A gateway that kept reading would
    // let the 200 slow events run out and the mock would record a finished response.
    await recorded.done;
    assert.equal(recorded.aborted, true, 'the upstream saw its connection closed');
  });
}
