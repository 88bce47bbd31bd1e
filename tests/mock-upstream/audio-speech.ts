/**
 * OpenAI `POST /v1/audio/speech`: {model, input (<= 4096 chars), voice, response_format?
 * mp3|opus|aac|flac|wav|pcm, speed? 0.25-4, instructions?, stream_format? audio|sse}.
 *
 * Answer rule: the audio is HEADER[format] + the UTF-8 bytes of input, so its length is
 * header + input bytes and a test can read the input back out of it. Headers: mp3 "ID3"
 * tag (10 bytes), opus "OggS" page (4), aac ADTS sync (2), flac "fLaC" (4), wav a 44-byte
 * RIFF/WAVE header whose sizes match the data, pcm none. It is sent chunked in 64-byte
 * pieces with the format's content type (mp3 audio/mpeg). stream_format 'sse' sends
 * `speech.audio.delta` events (base64 of each 64-byte piece) and a `speech.audio.done` with
 * usage {input_tokens: input words, output_tokens: audio bytes / 64 rounded up}.
 */
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { isRecord, wordsIn } from './narrow.js';
import { checkMaxLength, checkNonEmpty, checkParams, checkRange, requireModel } from './openai-params.js';
import { invalidValue, missing } from './openai-rejections.js';

const PARAMS = {
  model: 'string',
  input: 'string',
  voice: 'any',
  response_format: 'string',
  speed: 'number',
  instructions: 'string',
  stream_format: 'string',
} as const;
const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar', 'fable', 'onyx', 'nova'];
const CONTENT_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/opus',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};
const CHUNK = 64;

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(24000, 24);
  h.writeUInt32LE(48000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export function speechHeader(format: string, dataBytes: number): Buffer {
  switch (format) {
    case 'mp3':
      return Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0]);
    case 'opus':
      return Buffer.from('OggS', 'ascii');
    case 'aac':
      return Buffer.from([0xff, 0xf1]);
    case 'flac':
      return Buffer.from('fLaC', 'ascii');
    case 'wav':
      return wavHeader(dataBytes);
    default:
      return Buffer.alloc(0);
  }
}

export function answerSpeech({ body: raw }: EndpointInput): EndpointAnswer {
  const body = checkParams(raw, PARAMS);
  requireModel(body);
  if (typeof body.input !== 'string') return missing('input');
  checkNonEmpty('input', body.input);
  checkMaxLength('input', body.input, 4096);
  if (body.voice === undefined || body.voice === null) return missing('voice');
  // A custom voice is an object {id}; a built-in one is named.
  const voiceOk = typeof body.voice === 'string' ? VOICES.includes(body.voice) : isRecord(body.voice) && typeof body.voice.id === 'string';
  if (!voiceOk) invalidValue('voice', body.voice, VOICES);
  const format = typeof body.response_format === 'string' ? body.response_format : 'mp3';
  const contentType = CONTENT_TYPES[format];
  if (contentType === undefined) return invalidValue('response_format', format, Object.keys(CONTENT_TYPES));
  if (typeof body.speed === 'number') checkRange('speed', body.speed, 0.25, 4, 'decimal');
  const streamFormat = typeof body.stream_format === 'string' ? body.stream_format : 'audio';
  if (streamFormat !== 'audio' && streamFormat !== 'sse') invalidValue('stream_format', streamFormat, ['sse', 'audio']);

  const data = Buffer.from(body.input, 'utf8');
  const audio = Buffer.concat([speechHeader(format, data.length), data]);
  const input = wordsIn(body.input);
  const output = Math.ceil(audio.length / CHUNK);
  const usage = { input, output, cached: 0, reasoning: 0 };
  if (streamFormat === 'audio') return { kind: 'bytes', body: audio, contentType, chunkBytes: CHUNK, usage };
  const frames: string[] = [];
  for (let at = 0; at < audio.length; at += CHUNK) {
    frames.push(`data: ${JSON.stringify({ type: 'speech.audio.delta', audio: audio.subarray(at, at + CHUNK).toString('base64') })}\n\n`);
  }
  frames.push(`data: ${JSON.stringify({ type: 'speech.audio.done', usage: { input_tokens: input, output_tokens: output, total_tokens: input + output } })}\n\n`);
  return { kind: 'stream', stream: { contentType: 'text/event-stream', frames }, usage };
}
