/**
 * Golden files for every codec direction. Each case is one JSON file:
 *   tests/golden/<format>/<direction>/<case>.json  =  { "input": ..., "output": ..., ...ctx }
 * Directions:
 *   decode-request   client wire body            -> CanonicalRequest   (optional "pathModel", "pathStream", "ollamaEndpoint")
 *   encode-request   CanonicalRequest            -> upstream wire body (optional "model", default "upstream-model")
 *   decode-response  upstream wire body          -> CanonicalResponse
 *   encode-response  CanonicalResponse           -> client wire body   (optional "request", "model")
 *   decode-stream    upstream stream text (string, SSE or NDJSON by format) -> StreamEvent[]
 *   encode-stream    StreamEvent[]               -> client stream text (string) (optional "request", "model")
 *   encode-error     CanonicalError              -> { status, body }
 *   decode-error     { status, body }            -> CanonicalError
 * Outputs are checked by hand against the provider's API reference when a case is added;
 * `UPDATE_GOLDEN=1 npm test -- golden` rewrites outputs after a deliberate change (review the diff).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { codecs } from '../core/formats/registry.js';
import type { CanonicalRequest, WireFormat } from '../core/formats/canonical.js';
import { streamSplitter } from '../core/formats/stream-framing.js';

const root = join(import.meta.dirname, 'golden');
const ctx = { requestId: 'req01', now: 1_700_000_000_000 };
const defaultRequest: CanonicalRequest = { model: 'client-model', system: [], messages: [], stream: false };

type Case = Record<string, unknown> & { input: unknown; output?: unknown };

function run(format: WireFormat, direction: string, c: Case): unknown {
  const codec = codecs[format];
  const request = (c.request as CanonicalRequest | undefined) ?? defaultRequest;
  const model = (c.model as string | undefined) ?? 'client-model';
  switch (direction) {
    case 'decode-request':
      return codec.decodeRequest(c.input, {
        ...ctx,
        pathModel: c.pathModel as string | undefined,
        pathStream: c.pathStream as boolean | undefined,
        ollamaEndpoint: c.ollamaEndpoint === 'generate' ? 'generate' : undefined,
      });
    case 'encode-request':
      return codec.encodeRequest(c.input as CanonicalRequest, { ...ctx, model: (c.model as string | undefined) ?? 'upstream-model' });
    case 'decode-response':
      return codec.decodeResponse(c.input, ctx);
    case 'encode-response':
      return codec.encodeResponse(c.input as never, { ...ctx, model, request });
    case 'decode-stream': {
      const parser = streamSplitter(format);
      const decoder = codec.createStreamDecoder(ctx);
      const text = c.input as string;
      const events = [];
      // Feed in small uneven pieces so the golden also proves chunk-boundary handling.
      for (let i = 0; i < text.length; i += 7) {
        for (const m of parser.push(text.slice(i, i + 7))) events.push(...decoder.push(m));
      }
      for (const m of parser.end()) events.push(...decoder.push(m));
      events.push(...decoder.end());
      return events;
    }
    case 'encode-stream': {
      const encoder = codec.createStreamEncoder({ ...ctx, model, request });
      return (c.input as never[]).map((e) => encoder.push(e)).join('');
    }
    case 'encode-error':
      return codec.encodeError(c.input as never);
    case 'decode-error': {
      const input = c.input as { status: number; body: unknown };
      return codec.decodeError(input.status, input.body);
    }
    default:
      throw new Error(`unknown golden direction ${direction}`);
  }
}

const update = process.env.UPDATE_GOLDEN === '1';

for (const format of readdirSync(root)) {
  if (!(format in codecs)) throw new Error(`tests/golden/${format}: not a wire format`);
  for (const direction of readdirSync(join(root, format))) {
    for (const file of readdirSync(join(root, format, direction)).filter((f) => f.endsWith('.json'))) {
      const path = join(root, format, direction, file);
      test(`golden ${format} ${direction} ${file}`, () => {
        const c = JSON.parse(readFileSync(path, 'utf8')) as Case;
        // Round-trip through JSON so undefined fields compare like the stored file.
        const actual: unknown = JSON.parse(JSON.stringify(run(format as WireFormat, direction, c)));
        if (update || !('output' in c)) {
          writeFileSync(path, JSON.stringify({ ...c, output: actual }, null, 2) + '\n');
          if (!update) assert.fail(`${path} had no output; wrote it, review it against the API reference`);
          return;
        }
        assert.deepEqual(actual, c.output);
      });
    }
  }
}

test('every wire format has golden cases for every direction', () => {
  const directions = ['decode-request', 'encode-request', 'decode-response', 'encode-response', 'decode-stream', 'encode-stream', 'encode-error', 'decode-error'];
  for (const format of Object.keys(codecs)) {
    for (const d of directions) {
      const dir = join(root, format, d);
      assert.ok(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json')), `missing goldens: ${format}/${d}`);
    }
  }
});
