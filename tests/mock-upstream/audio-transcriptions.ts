/**
 * OpenAI `POST /v1/audio/transcriptions`: multipart/form-data (multipart.ts streams it) with
 * `file` and `model` required; language, prompt, response_format, temperature,
 * timestamp_granularities[], include[], chunking_strategy and stream optional.
 *
 * Rejections, in OpenAI's order and words: not multipart (400 Invalid Content-Type), a body
 * that is not valid multipart (400 "Could not parse multipart form"), a file over 25 MiB
 * (413), an unknown field, no model, no file (the API's pydantic message), a file name whose
 * extension is not an audio format, an empty file (audio_too_short), a bad response_format
 * (srt, vtt and verbose_json are whisper-1 only), temperature outside 0-1. Streaming
 * transcription (stream=true) is not modelled and is refused.
 *
 * Answer rule: text = `Transcribed <bytes> bytes of <filename>`; duration = bytes / 32000
 * seconds (16 kHz 16-bit mono), rounded to 2 decimals.
 *   json (default): {text, usage}; usage is {type:'duration', seconds: ceil(duration)} for
 *     whisper-1, else {type:'tokens', input_tokens, input_token_details:{text_tokens: prompt
 *     words, audio_tokens: 10 x ceil(duration)}, output_tokens: text words, total_tokens}
 *     (recorded as usage input/output).
 *   text: the text alone, text/plain. srt / vtt: one cue from 0 to duration.
 *   verbose_json: {task:'transcribe', language (full name: 'en' -> 'english', default
 *     english), duration, text, segments:[one segment], words when 'word' granularity was
 *     asked, usage}.
 * The upload's size and SHA-256 are on RecordedRequest.uploads.
 */
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { openAiError } from './errors.js';
import { MAX_UPLOAD_BYTES } from './multipart.js';
import { isRecord, wordsIn } from './narrow.js';
import { checkRange } from './openai-params.js';
import { fail, invalidValue } from './openai-rejections.js';

const FIELDS = new Set([
  'model', 'language', 'prompt', 'response_format', 'temperature', 'timestamp_granularities[]', 'timestamp_granularities',
  'include[]', 'include', 'chunking_strategy', 'stream', 'known_speaker_names[]', 'known_speaker_references[]',
]);
const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];
const FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];
const LANGUAGES: Record<string, string> = { en: 'english', fr: 'french', de: 'german', es: 'spanish', it: 'italian', ja: 'japanese', zh: 'chinese', pt: 'portuguese', nl: 'dutch', ru: 'russian' };
const BYTES_PER_SECOND = 32000;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function all(fields: Record<string, string | string[]>, name: string): string[] {
  return [fields[name], fields[`${name}[]`]].flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
}

function stamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

function readFields(input: EndpointInput): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  if (!isRecord(input.body)) return fields;
  for (const [name, value] of Object.entries(input.body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value)) fields[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}

export function answerTranscription(input: EndpointInput): EndpointAnswer {
  const multipart = input.multipart;
  if (!multipart?.sent) {
    const type = input.headers['content-type'] ?? 'None';
    return fail(`Invalid Content-Type header (${type}), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')`);
  }
  if (multipart.problem === 'malformed') return fail('Could not parse multipart form');
  if (multipart.problem === 'too-large') {
    const error = openAiError(413, `Maximum content size limit (${MAX_UPLOAD_BYTES}) exceeded (${multipart.bytesRead ?? MAX_UPLOAD_BYTES} bytes read)`);
    return { kind: 'error', error };
  }
  const fields = readFields(input);
  for (const name of Object.keys(fields)) {
    // The SDKs send an object field as `name[key]` (chunking_strategy[type]).
    if (!FIELDS.has(name) && name !== 'file' && !name.startsWith('chunking_strategy[')) fail(`Unrecognized request argument supplied: ${name}`);
  }
  const model = single(fields.model) ?? '';
  if (model === '') return fail('you must provide a model parameter');
  const file = input.uploads.find((u) => u.field === 'file');
  if (!file) return fail('1 validation error for Request\nbody -> file\n  field required (type=value_error.missing)');
  const extension = /\.([^./]+)$/.exec(file.filename)?.[1]?.toLowerCase() ?? '';
  if (!AUDIO_EXTENSIONS.includes(extension)) {
    fail(`Invalid file format. Supported formats: [${AUDIO_EXTENSIONS.map((e) => `'${e}'`).join(', ')}]`);
  }
  if (file.bytes === 0) fail('Audio file is too short. Minimum audio length is 0.1 seconds.', { param: 'file', code: 'audio_too_short' });
  const format = single(fields.response_format) ?? 'json';
  if (!FORMATS.includes(format)) invalidValue('response_format', format, FORMATS);
  const whisper = model === 'whisper-1';
  if (!whisper && format !== 'json' && format !== 'text') {
    fail(`response_format '${format}' is not compatible with model '${model}'. Use 'json' or 'text' instead.`, {
      param: 'response_format',
      code: 'unsupported_value',
    });
  }
  const temperatureText = single(fields.temperature);
  const temperature = temperatureText === undefined ? 0 : Number(temperatureText);
  if (Number.isNaN(temperature)) fail(`Invalid type for 'temperature': expected a decimal, but got a string instead.`, { param: 'temperature', code: 'invalid_type' });
  checkRange('temperature', temperature, 0, 1, 'decimal');
  if (single(fields.stream) === 'true') fail('Streaming transcription is not modelled by the mock upstream.', { param: 'stream' });

  const text = `Transcribed ${file.bytes} bytes of ${file.filename}`;
  const duration = Math.round((file.bytes / BYTES_PER_SECOND) * 100) / 100;
  const seconds = Math.max(1, Math.ceil(file.bytes / BYTES_PER_SECOND));
  const textTokens = wordsIn(single(fields.prompt) ?? '');
  const audioTokens = 10 * seconds;
  const outputTokens = wordsIn(text);
  const usage = whisper
    ? { type: 'duration', seconds }
    : {
        type: 'tokens',
        input_tokens: textTokens + audioTokens,
        input_token_details: { text_tokens: textTokens, audio_tokens: audioTokens },
        output_tokens: outputTokens,
        total_tokens: textTokens + audioTokens + outputTokens,
      };
  const recorded = whisper ? undefined : { input: textTokens + audioTokens, output: outputTokens, cached: 0, reasoning: 0 };
  const plain = (body: string): EndpointAnswer => ({ kind: 'bytes', body: Buffer.from(body, 'utf8'), contentType: 'text/plain; charset=utf-8', usage: recorded });
  if (format === 'text') return plain(text);
  if (format === 'srt') return plain(`1\n${stamp(0, ',')} --> ${stamp(duration, ',')}\n${text}\n\n`);
  if (format === 'vtt') return plain(`WEBVTT\n\n${stamp(0, '.')} --> ${stamp(duration, '.')}\n${text}\n\n`);
  if (format === 'json') return { kind: 'json', body: { text, usage }, usage: recorded };
  const language = single(fields.language);
  const verbose: Record<string, unknown> = {
    task: 'transcribe',
    language: language === undefined ? 'english' : (LANGUAGES[language] ?? language),
    duration,
    text,
    segments: [
      { id: 0, seek: 0, start: 0, end: duration, text: ` ${text}`, tokens: text.split(' ').map((_, i) => 50364 + i), temperature, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 },
    ],
    usage,
  };
  if (all(fields, 'timestamp_granularities').includes('word')) {
    const words = text.split(' ');
    const step = duration / words.length;
    verbose.words = words.map((word, i) => ({ word, start: Math.round(i * step * 100) / 100, end: Math.round((i + 1) * step * 100) / 100 }));
  }
  return { kind: 'json', body: verbose };
}
