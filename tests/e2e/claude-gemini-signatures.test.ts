/**
 * Claude Code 2.1.x in front of a Gemini 3 upstream. Claude Code asks for thinking with
 * display "omitted", so Gemini returns no thoughts, but it still signs the first
 * functionCall of every step and wants that signature back on the call. Anthropic tool_use
 * blocks have no signature field; the gateway answers as real Anthropic does with display
 * omitted, with an empty thinking block holding the (wrapped) signature, and Claude Code's
 * history brings it back. Without that, the next request could only carry Google's
 * documented placeholder, which Google says degrades the model.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { readWrappedSignature } from '../../core/formats/signature-wrap.js';
import { createSigner } from '../mock-upstream/signing.js';
import { startHarness, UPSTREAMS } from './harness.js';
import type { Harness } from './harness.js';

const SECRET = 'claude-gemini-signatures';
const signer = createSigner(SECRET);
const FILES = { '/work/project/a.txt': 'alpha text', '/work/project/b.txt': 'bravo text' };
const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file from the local filesystem.',
  input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

let h: Harness;
before(async () => {
  h = await startHarness({ mockSigningSecret: SECRET });
});
after(() => h.close());

type Json = Record<string, unknown>;

/** The functionCall parts of the model turns Gemini was sent, in order. */
function sentCalls(body: unknown): Json[] {
  const contents = (body as { contents: Array<{ role: string; parts: Json[] }> }).contents;
  return contents.filter((c) => c.role === 'model').flatMap((c) => c.parts.filter((p) => p.functionCall !== undefined));
}

describe('Claude Code (thinking display omitted) against a Gemini upstream', () => {
  for (const streamed of [false, true]) {
    test(`two tool turns: Gemini gets its own signature back on each functionCall${streamed ? ' (streamed)' : ''}`, async () => {
      const client = new Anthropic({ apiKey: 'gateway-key', baseURL: h.url, maxRetries: 0 });
      const messages: MessageParam[] = [{ role: 'user', content: `Read the files ${Object.keys(FILES).join(' and ')} and tell me what they say.` }];
      const params = (): MessageCreateParamsNonStreaming => ({
        model: UPSTREAMS.gemini.model,
        max_tokens: 8000,
        thinking: { type: 'adaptive', display: 'omitted' },
        tools: [READ_TOOL],
        messages: [...messages],
      });
      const ask = (): Promise<Message> => (streamed ? client.messages.stream(params()).finalMessage() : client.messages.create(params()));
      const geminiRequests = () => h.mock.requests.filter((r) => r.apiKey === UPSTREAMS.gemini.apiKey);
      const before = geminiRequests().length;

      const issued: string[] = [];
      let answer = await ask();
      while (answer.stop_reason === 'tool_use') {
        // An empty thinking block holding Gemini's signature, just before the tool_use.
        assert.deepEqual(answer.content.map((b) => b.type), ['thinking', 'tool_use'], JSON.stringify(answer.content));
        const [thinking, call] = answer.content;
        assert.ok(thinking?.type === 'thinking' && call?.type === 'tool_use');
        assert.equal(thinking.thinking, '');
        const wrapped = readWrappedSignature(thinking.signature);
        assert.equal(wrapped?.origin, 'gemini');
        assert.ok(wrapped?.signature !== undefined && signer.verifyGeminiSignature(wrapped.signature), 'the signature the mock issued');
        issued.push(wrapped.signature);

        const path = (call.input as { file_path: string }).file_path as keyof typeof FILES;
        messages.push({ role: 'assistant', content: answer.content });
        messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: FILES[path] }] });
        answer = await ask();

        // Each functionCall Gemini is sent back carries the signature Gemini issued for it.
        const sent = geminiRequests().at(-1)!;
        assert.equal(sent.status, 200);
        assert.deepEqual(sentCalls(sent.body).map((p) => p.thoughtSignature), issued);
      }
      assert.equal(issued.length, 2, 'two tool turns');
      assert.equal(geminiRequests().length - before, 3);
      const text = answer.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      assert.match(text, /alpha text.*bravo text/);
    });
  }
});
