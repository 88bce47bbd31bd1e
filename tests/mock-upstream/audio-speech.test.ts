// The mock's OpenAI /v1/audio/speech: binary audio derived from the input, per format.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { speechHeader, startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-tts', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());

async function rejected(body: unknown, message: RegExp): Promise<{ param: unknown; code: unknown }> {
  const res = await fetch(`${mock.url}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-tts' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 400);
  const err = ((await res.json()) as { error: { message: string; param: unknown; code: unknown } }).error;
  assert.match(err.message, message);
  return err;
}

test('mp3 by default: an ID3 header then the input bytes, chunked, audio/mpeg', async () => {
  mock.reset();
  const input = 'Hello there, this is speech that runs past one chunk of sixty-four bytes.';
  const res = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input });
  assert.equal(res.headers.get('content-type'), 'audio/mpeg');
  assert.equal(res.headers.get('content-length'), null);
  assert.equal(res.headers.get('transfer-encoding'), 'chunked');
  const audio = Buffer.from(await res.arrayBuffer());
  assert.equal(audio.subarray(0, 3).toString('latin1'), 'ID3');
  assert.deepEqual(audio, Buffer.concat([speechHeader('mp3', 0), Buffer.from(input)]));
  const rec = mock.requests[0];
  assert.equal(rec?.format, 'openai-speech');
  assert.equal(rec?.model, 'tts-1');
  assert.equal(rec?.status, 200);
});

test('each format has its header and content type; wav sizes match', async () => {
  const expected = [
    ['opus', 'audio/opus', 'OggS'],
    ['aac', 'audio/aac', '\xff\xf1'],
    ['flac', 'audio/flac', 'fLaC'],
    ['wav', 'audio/wav', 'RIFF'],
  ] as const;
  for (const [format, type, magic] of expected) {
    const res = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: 'abc', response_format: format });
    assert.equal(res.headers.get('content-type'), type);
    const audio = Buffer.from(await res.arrayBuffer());
    assert.equal(audio.subarray(0, magic.length).toString('latin1'), magic);
    assert.equal(audio.subarray(-3).toString(), 'abc');
    if (format === 'wav') {
      assert.equal(audio.length, 47);
      assert.equal(audio.readUInt32LE(4), 39);
      assert.equal(audio.readUInt32LE(40), 3);
    }
  }
  const pcm = await client.audio.speech.create({ model: 'tts-1', voice: 'echo', input: 'raw', response_format: 'pcm' });
  assert.equal(Buffer.from(await pcm.arrayBuffer()).toString(), 'raw');
});

test('stream_format sse sends base64 deltas and a done event with usage', async () => {
  const res = await fetch(`${mock.url}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
    body: JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'two words', stream_format: 'sse', response_format: 'pcm' }),
  });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const events = (await res.text()).trim().split('\n\n').map((e) => JSON.parse(e.replace(/^data: /, '')) as { type: string; audio?: string; usage?: unknown });
  assert.deepEqual(events.map((e) => e.type), ['speech.audio.delta', 'speech.audio.done']);
  assert.equal(Buffer.from(events[0]?.audio ?? '', 'base64').toString(), 'two words');
  assert.deepEqual(events[1]?.usage, { input_tokens: 2, output_tokens: 1, total_tokens: 3 });
});

test('strict rejections in OpenAI wording', async () => {
  await rejected({ voice: 'alloy', input: 'x' }, /^you must provide a model parameter$/);
  await rejected({ model: 'tts-1', voice: 'alloy' }, /^Missing required parameter: 'input'\.$/);
  await rejected({ model: 'tts-1', input: 'x' }, /^Missing required parameter: 'voice'\.$/);
  const long = await rejected({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(4097) }, /^Invalid 'input': string too long\. Expected a string with maximum length 4096, but got a string with length 4097 instead\.$/);
  assert.equal(long.code, 'string_above_max_length');
  const voice = await rejected({ model: 'tts-1', voice: 'robot', input: 'x' }, /^Invalid value: 'robot'\. Supported values are: 'alloy'/);
  assert.equal(voice.param, 'voice');
  await rejected({ model: 'tts-1', voice: 'alloy', input: 'x', response_format: 'ogg' }, /^Invalid value: 'ogg'\. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'\.$/);
  await rejected({ model: 'tts-1', voice: 'alloy', input: 'x', speed: 5 }, /^Invalid 'speed': decimal above maximum value\. Expected a value <= 4, but got 5 instead\.$/);
  await rejected({ model: 'tts-1', voice: 'alloy', input: 'x', pitch: 1 }, /^Unrecognized request argument supplied: pitch$/);
});

test('a drop-mid-stream fault cuts the audio after half', async () => {
  mock.inject({ match: { format: 'openai-speech' }, fault: { kind: 'drop-mid-stream', afterEvents: 0 } });
  const res = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'x'.repeat(1000) });
  await assert.rejects(res.arrayBuffer());
});
