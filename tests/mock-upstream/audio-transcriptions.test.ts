// The mock's OpenAI /v1/audio/transcriptions: multipart uploads through the openai SDK and
// plain fetch, the recorded size and SHA-256, each response_format, and the strict rejections.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import OpenAI, { toFile } from 'openai';
import { startMockUpstream, type MockUpstream } from './index.js';

let mock: MockUpstream;
let client: OpenAI;
// Every byte value, so a text-mangling hop would show in the hash.
const AUDIO = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

before(async () => {
  mock = await startMockUpstream();
  client = new OpenAI({ apiKey: 'sk-stt', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
after(() => mock.close());

function form(fields: Record<string, string>, file?: { name: string; bytes: Buffer }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append('file', new Blob([Uint8Array.from(file.bytes)]), file.name);
  return f;
}

async function upload(body: FormData | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${mock.url}/v1/audio/transcriptions`, { method: 'POST', headers: { authorization: 'Bearer sk-stt', ...headers }, body });
}

async function rejected(res: Response, status: number, message: RegExp): Promise<{ param: unknown; code: unknown; type: string }> {
  assert.equal(res.status, status);
  const err = ((await res.json()) as { error: { message: string; type: string; param: unknown; code: unknown } }).error;
  assert.match(err.message, message);
  return err;
}

test('the SDK upload arrives intact: size and SHA-256 recorded, text names them', async () => {
  mock.reset();
  const res = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(AUDIO, 'speech.wav'), language: 'en' });
  assert.equal(res.text, 'Transcribed 70000 bytes of speech.wav');
  // 70000 bytes at 32000 per second: 2.19 s, billed as 3 whole seconds.
  assert.deepEqual(res.usage, { type: 'duration', seconds: 3 });
  const rec = mock.requests[0];
  assert.ok(rec);
  assert.equal(rec.format, 'openai-transcriptions');
  assert.equal(rec.model, 'whisper-1');
  assert.equal(rec.apiKey, 'sk-stt');
  assert.equal(rec.uploads?.length, 1);
  assert.equal(rec.uploads?.[0]?.field, 'file');
  assert.equal(rec.uploads?.[0]?.filename, 'speech.wav');
  assert.equal(rec.uploads?.[0]?.bytes, AUDIO.length);
  assert.equal(rec.uploads?.[0]?.sha256, sha(AUDIO));
  assert.deepEqual(rec.body, { model: 'whisper-1', language: 'en' });
});

test('response formats: text, srt, vtt, verbose_json; token usage for gpt-4o models', async () => {
  const file = await toFile(AUDIO.subarray(0, 64_000), 'a.mp3');
  const text = await client.audio.transcriptions.create({ model: 'whisper-1', file, response_format: 'text' });
  assert.equal(text, 'Transcribed 64000 bytes of a.mp3');
  const srt = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(AUDIO.subarray(0, 64_000), 'a.mp3'), response_format: 'srt' });
  assert.equal(srt, '1\n00:00:00,000 --> 00:00:02,000\nTranscribed 64000 bytes of a.mp3\n\n');
  const vtt = await client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(AUDIO.subarray(0, 64_000), 'a.mp3'), response_format: 'vtt' });
  assert.equal(vtt, 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nTranscribed 64000 bytes of a.mp3\n\n');
  const verbose = await client.audio.transcriptions.create({
    model: 'whisper-1',
    file: await toFile(AUDIO.subarray(0, 64_000), 'a.mp3'),
    response_format: 'verbose_json',
    language: 'fr',
    timestamp_granularities: ['word', 'segment'],
  });
  assert.equal(verbose.language, 'french');
  assert.equal(verbose.duration, 2);
  assert.equal(verbose.segments?.length, 1);
  assert.equal(verbose.words?.length, 5);
  const tokens = await client.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await toFile(AUDIO.subarray(0, 64_000), 'a.mp3'), prompt: 'two words' });
  assert.deepEqual(tokens.usage, {
    type: 'tokens',
    input_tokens: 22,
    input_token_details: { text_tokens: 2, audio_tokens: 20 },
    output_tokens: 5,
    total_tokens: 27,
  });
});

test('strict rejections in OpenAI wording', async () => {
  await rejected(await upload(JSON.stringify({ model: 'whisper-1' }), { 'content-type': 'application/json' }), 400, /^Invalid Content-Type header \(application\/json\), expected multipart\/form-data\./);
  await rejected(await upload('garbage', { 'content-type': 'multipart/form-data' }), 400, /^Could not parse multipart form$/);
  await rejected(await upload('--b\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhis', { 'content-type': 'multipart/form-data; boundary=b' }), 400, /^Could not parse multipart form$/);
  await rejected(await upload(form({}, { name: 'a.wav', bytes: AUDIO })), 400, /^you must provide a model parameter$/);
  await rejected(await upload(form({ model: 'whisper-1' })), 400, /^1 validation error for Request\nbody -> file\n {2}field required/);
  await rejected(await upload(form({ model: 'whisper-1' }, { name: 'notes.txt', bytes: AUDIO })), 400, /^Invalid file format\. Supported formats: \['flac', 'm4a'/);
  const short = await rejected(await upload(form({ model: 'whisper-1' }, { name: 'a.wav', bytes: Buffer.alloc(0) })), 400, /Audio file is too short/);
  assert.equal(short.code, 'audio_too_short');
  await rejected(await upload(form({ model: 'whisper-1', response_format: 'xml' }, { name: 'a.wav', bytes: AUDIO })), 400, /^Invalid value: 'xml'\./);
  const srt = await rejected(await upload(form({ model: 'gpt-4o-transcribe', response_format: 'srt' }, { name: 'a.wav', bytes: AUDIO })), 400, /not compatible with model 'gpt-4o-transcribe'/);
  assert.equal(srt.param, 'response_format');
  await rejected(await upload(form({ model: 'whisper-1', temperature: '3' }, { name: 'a.wav', bytes: AUDIO })), 400, /^Invalid 'temperature': decimal above maximum value/);
  await rejected(await upload(form({ model: 'whisper-1', colour: 'x' }, { name: 'a.wav', bytes: AUDIO })), 400, /^Unrecognized request argument supplied: colour$/);
  await rejected(await fetch(`${mock.url}/v1/audio/transcriptions`, { method: 'POST', body: form({ model: 'whisper-1' }, { name: 'a.wav', bytes: AUDIO }) }), 401, /You didn't provide an API key/);
});

test('a file over 25 MiB is a 413, read to the end', async () => {
  mock.reset();
  const big = Buffer.alloc(26_214_401, 1);
  const err = await rejected(await upload(form({ model: 'whisper-1' }, { name: 'big.wav', bytes: big })), 413, /^Maximum content size limit \(26214400\) exceeded \(26214400 bytes read\)$/);
  assert.equal(err.type, 'invalid_request_error');
  assert.equal(mock.requests[0]?.status, 413);
});

test('faults match on the multipart model field', async () => {
  mock.reset();
  mock.inject({ match: { model: 'whisper-1' }, fault: { kind: 'status', status: 500 } });
  await assert.rejects(client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(AUDIO, 'a.wav') }), OpenAI.InternalServerError);
  mock.inject({ match: { format: 'openai-transcriptions' }, fault: { kind: 'drop-before-headers' } });
  await assert.rejects(client.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(AUDIO, 'a.wav') }), OpenAI.APIConnectionError);
  // The upload was still read whole before the drop.
  assert.equal(mock.requests[1]?.uploads?.[0]?.sha256, sha(AUDIO));
});

test('a client that leaves mid-upload is recorded as aborted, promptly', async () => {
  mock.reset();
  const req = request(`${mock.url}/v1/audio/transcriptions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-stt', 'content-type': 'multipart/form-data; boundary=b' },
  });
  req.on('error', () => undefined);
  req.write(`--b\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n${'x'.repeat(10_000)}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  req.destroy();
  while (mock.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const rec = mock.requests[0];
  await rec?.done;
  assert.equal(rec?.aborted, true);
  assert.equal(rec?.status, 0);
});
