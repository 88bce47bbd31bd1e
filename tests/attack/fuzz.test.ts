/**
 * Fuzz: a few thousand mutated client requests (every client format x every upstream format) never get a 5xx.
 * The mock upstream is faultless, so any 5xx is the gateway failing on input it should have refused with a 4xx
 * (or translated); a failure prints the seed, the mutation and the body so the case can be replayed.
 * Bounded: MAX_REQUESTS in total, CONCURRENCY at once, stop after TIME_BUDGET_MS.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startHarness, UPSTREAMS, PNG_1X1 } from '../e2e/harness.js';
import type { Harness } from '../e2e/harness.js';
import { mulberry32 } from '../fixtures/seeded-random.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20260310);
const MAX_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const CONCURRENCY = 8;
const TIME_BUDGET_MS = 45_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Seed {
  name: string;
  path: string;
  body: Json;
}

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const DATA_URL = `data:image/png;base64,${PNG_1X1}`;
const WEATHER_SCHEMA: Json = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

function chatSeeds(model: string): Seed[] {
  const path = '/v1/chat/completions';
  return [
    { name: 'chat-plain', path, body: { model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], max_tokens: 50 } },
    { name: 'chat-stream', path, body: { model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] } },
    {
      name: 'chat-image',
      path,
      body: { model, messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url: { url: DATA_URL } }] }] },
    },
    {
      name: 'chat-tools',
      path,
      body: {
        model,
        tools: [{ type: 'function', function: { name: 'weather', description: 'w', parameters: WEATHER_SCHEMA } }],
        tool_choice: 'auto',
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
      },
    },
  ];
}

function responsesSeeds(model: string): Seed[] {
  const path = '/v1/responses';
  return [
    { name: 'resp-plain', path, body: { model, instructions: 'Be brief.', input: 'hi', max_output_tokens: 50 } },
    { name: 'resp-stream', path, body: { model, stream: true, input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] } },
    {
      name: 'resp-image',
      path,
      body: { model, input: [{ role: 'user', content: [{ type: 'input_text', text: 'what' }, { type: 'input_image', image_url: DATA_URL }] }] },
    },
    {
      name: 'resp-tools',
      path,
      body: {
        model,
        tools: [{ type: 'function', name: 'weather', description: 'w', parameters: WEATHER_SCHEMA }],
        input: [
          { role: 'user', content: 'weather in Paris?' },
          { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        ],
      },
    },
  ];
}

function anthropicSeeds(model: string): Seed[] {
  const path = '/v1/messages';
  return [
    { name: 'anth-plain', path, body: { model, max_tokens: 50, system: 'Be brief.', messages: [{ role: 'user', content: 'hi' }] } },
    { name: 'anth-stream', path, body: { model, max_tokens: 50, stream: true, system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: 'hi' }] } },
    {
      name: 'anth-image',
      path,
      body: {
        model,
        max_tokens: 50,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1 } }, { type: 'text', text: 'what' }] }],
      },
    },
    {
      name: 'anth-tools',
      path,
      body: {
        model,
        max_tokens: 50,
        tools: [{ name: 'weather', description: 'w', input_schema: WEATHER_SCHEMA }],
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
        ],
      },
    },
  ];
}

function geminiSeeds(model: string): Seed[] {
  const gen = `/v1beta/models/${model}:generateContent`;
  const stream = `/v1beta/models/${model}:streamGenerateContent?alt=sse`;
  return [
    {
      name: 'gem-plain',
      path: gen,
      body: { systemInstruction: { parts: [{ text: 'Be brief.' }] }, contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 50 } },
    },
    { name: 'gem-stream', path: stream, body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } },
    {
      name: 'gem-image',
      path: gen,
      body: { contents: [{ role: 'user', parts: [{ text: 'what' }, { inlineData: { mimeType: 'image/png', data: PNG_1X1 } }] }] },
    },
    {
      name: 'gem-tools',
      path: gen,
      body: {
        tools: [{ functionDeclarations: [{ name: 'weather', description: 'w', parameters: WEATHER_SCHEMA }] }],
        contents: [
          { role: 'user', parts: [{ text: 'weather in Paris?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { result: 'sunny' } } }] },
        ],
      },
    },
  ];
}

const SEEDS: Seed[] = Object.values(UPSTREAMS).flatMap((u) => [
  ...chatSeeds(u.model),
  ...responsesSeeds(u.model),
  ...anthropicSeeds(u.model),
  ...geminiSeeds(u.model),
]);

/** Mutations of a parsed body; each returns the new body text and a short description for the failure report. */
class Mutator {
  constructor(private readonly rand: () => number) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** Every path to a value in the tree (root excluded). */
  paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), this.paths(x, [...prefix, i], out)));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...prefix, k]), this.paths(x, [...prefix, k], out);
    return out;
  }

  randomValue(): Json {
    const kinds: (() => Json)[] = [
      () => null,
      () => true,
      () => false,
      () => 0,
      () => -1,
      () => 1e308,
      () => -1e308,
      () => Number.MAX_SAFE_INTEGER * 1000,
      () => 0.5,
      () => '',
      () => 'x',
      () => 'NaN',
      () => 'Infinity',
      () => [],
      () => [null],
      () => ({}),
      () => ({ type: 'unknown' }),
      () => 'a'.repeat(1 + this.int(200_000)),
      () => '\ud800\udfff\ud800 \u0000 \u202e \ufeff 𝕏 😀 \uffff',
      () => '__proto__',
      // An own `__proto__` key, as JSON.parse makes it (an object literal would set the prototype instead).
      () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as Json,
      () => this.nested(1 + this.int(390)),
    ];
    return this.pick(kinds)();
  }

  nested(depth: number): Json {
    let v: Json = 'deep';
    const asArray = this.rand() < 0.5;
    for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
    return v;
  }

  mutate(body: Json): { text: string; what: string } {
    const tree = structuredClone(body);
    const op = this.int(12);
    if (op === 0) {
      const text = JSON.stringify(tree);
      const cut = this.int(text.length);
      return { text: text.slice(0, cut), what: `truncate at ${cut}` };
    }
    if (op === 1) {
      const n = this.int(64);
      const bytes = Buffer.alloc(n);
      for (let i = 0; i < n; i++) bytes[i] = this.int(256);
      return { text: bytes.toString('latin1'), what: `random ${n} bytes` };
    }
    if (op === 2) return { text: JSON.stringify(this.randomValue()).slice(0, 4096), what: 'root replaced' };
    const steps = 1 + this.int(3);
    const whats: string[] = [];
    for (let s = 0; s < steps; s++) {
      const all = this.paths(tree);
      if (all.length === 0) break;
      const path = this.pick(all);
      const parentPath = path.slice(0, -1);
      const key = path[path.length - 1]!;
      let parent: Json = tree;
      for (const p of parentPath) parent = (parent as Record<string | number, Json>)[p]!;
      const container = parent as Record<string | number, Json>;
      const kind = this.int(4);
      if (kind === 0) {
        if (Array.isArray(container)) container.splice(key as number, 1);
        else delete container[key];
        whats.push(`delete ${path.join('.')}`);
      } else if (kind === 1 && Array.isArray(container)) {
        const times = 1 + this.int(50);
        for (let i = 0; i < times; i++) container.splice(key as number, 0, structuredClone(container[key as number]!));
        whats.push(`duplicate ${path.join('.')} x${times}`);
      } else {
        const v = this.randomValue();
        container[key] = v;
        const shown = JSON.stringify(v) ?? 'undefined';
        whats.push(`set ${path.join('.')} = ${shown.length > 60 ? `${shown.slice(0, 60)}...(${shown.length})` : shown}`);
      }
    }
    return { text: JSON.stringify(tree), what: whats.join('; ') };
  }
}

interface Answer {
  status: number;
  body: string;
}

function post(path: string, body: string): Promise<Answer> {
  const url = new URL(path, h.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'x-api-key': 'k', 'x-goog-api-key': 'k' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // Only the start of the body is reported; keep memory flat for long streams.
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error('timed out after 15 s')));
    req.on('error', reject);
    req.end(body);
  });
}

test('thousands of mutated requests across every client x upstream pair: no 5xx, and the gateway still serves', { timeout: 90_000 }, async () => {
  const rand = mulberry32(SEED);
  const m = new Mutator(rand);
  // Each valid seed once first: the fuzz starts from bodies the gateway accepts.
  for (const s of SEEDS) {
    const a = await post(s.path, JSON.stringify(s.body));
    assert.ok(a.status < 500, `seed ${s.name} ${s.path} answered ${a.status}: ${a.body.slice(0, 2048)}`);
  }
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const deadline = Date.now() + TIME_BUDGET_MS;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < MAX_REQUESTS && Date.now() < deadline && failures.length < 5) {
      const i = next++;
      const s = m.pick(SEEDS);
      const { text, what } = m.mutate(s.body);
      let a: Answer;
      try {
        a = await post(s.path, text);
      } catch (err) {
        failures.push(`#${i} seed=${SEED} case=${s.name} ${s.path}\n  mutation: ${what}\n  transport error: ${String(err)}\n  body: ${text.slice(0, 2048)}`);
        continue;
      }
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status >= 500) {
        failures.push(`#${i} seed=${SEED} case=${s.name} ${s.path} -> ${a.status}\n  mutation: ${what}\n  request: ${text.slice(0, 2048)}\n  answer: ${a.body.slice(0, 2048)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  assert.deepEqual(failures, [], `5xx or transport failures (mock saw ${h.mock.requests.length} requests):\n${failures.join('\n\n')}`);
  assert.ok(next >= Math.min(MAX_REQUESTS, 1000), `only ${next} requests sent before the time budget ran out`);
  // The gateway runs in this process: no body may have reached Object.prototype.
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype polluted');
  // Still serving after the storm.
  const end = await post('/v1/chat/completions', JSON.stringify({ model: UPSTREAMS.anthropic.model, messages: [{ role: 'user', content: 'still there' }] }));
  assert.equal(end.status, 200, end.body.slice(0, 2048));
  assert.match(end.body, /still there/);
  console.log(`fuzz: ${next} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
});
