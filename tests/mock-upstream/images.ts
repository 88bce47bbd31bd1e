/**
 * OpenAI `POST /v1/images/generations`, per model family as the API checks it:
 *
 *   dall-e-2 (the default model): n 1-10, size 256x256|512x512|1024x1024, prompt <= 1000 chars
 *   dall-e-3: n 1, size 1024x1024|1792x1024|1024x1792, quality standard|hd, prompt <= 4000
 *   gpt-image-*: n 1-10, size auto|1024x1024|1536x1024|1024x1536, quality low|medium|high|auto,
 *     prompt <= 32000, always base64 (sending response_format is "Unknown parameter")
 *
 * Answer: {created, data:[...n]}; each item is {b64_json: TINY_PNG} or, for response_format
 * 'url' (dall-e default), {url: <mock>/mock-images/<id>.png}, which this mock serves as the
 * same 1x1 PNG. dall-e-3 items carry revised_prompt = the prompt. gpt-image answers also
 * carry background, output_format, quality, size and usage: input_tokens = prompt words,
 * output_tokens = n x the per-image count OpenAI bills (1024x1024: low 272, medium 1056,
 * high 4160; the 1536 sizes: 408, 1584, 6240; quality auto counts as medium).
 * Streaming image generation is not modelled: stream true is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { wordsIn } from './narrow.js';
import { checkMaxLength, checkNonEmpty, checkParams, checkRange, unknownParameter } from './openai-params.js';
import { fail, invalidValue, missing } from './openai-rejections.js';

/** A valid 1x1 transparent PNG. */
export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const IMAGE_PATH = /^\/mock-images\/[\w-]+\.png$/;

const PARAMS = {
  model: 'string',
  prompt: 'string',
  n: 'integer',
  size: 'string',
  response_format: 'string',
  quality: 'string',
  style: 'string',
  user: 'string',
  background: 'string',
  moderation: 'string',
  output_format: 'string',
  output_compression: 'integer',
  partial_images: 'integer',
  stream: 'boolean',
} as const;

interface Family {
  maxN: number;
  sizes: string[];
  qualities: string[];
  maxPrompt: number;
}

const DALL_E_2: Family = { maxN: 10, sizes: ['256x256', '512x512', '1024x1024'], qualities: ['standard'], maxPrompt: 1000 };
const DALL_E_3: Family = { maxN: 1, sizes: ['1024x1024', '1792x1024', '1024x1792'], qualities: ['standard', 'hd'], maxPrompt: 4000 };
const GPT_IMAGE: Family = { maxN: 10, sizes: ['auto', '1024x1024', '1536x1024', '1024x1536'], qualities: ['low', 'medium', 'high', 'auto'], maxPrompt: 32000 };
const OUTPUT_TOKENS: Record<string, [number, number]> = { low: [272, 408], medium: [1056, 1584], high: [4160, 6240] };

function familyOf(model: string): Family {
  if (model.startsWith('gpt-image')) return GPT_IMAGE;
  if (model.startsWith('dall-e-3')) return DALL_E_3;
  return DALL_E_2;
}

/** Serves the image URLs this mock hands out; false for any other request. */
export function serveMockImage(req: IncomingMessage, res: ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.method !== 'GET' || !IMAGE_PATH.test(path)) return false;
  const png = Buffer.from(TINY_PNG_BASE64, 'base64');
  res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length) });
  res.end(png);
  return true;
}

export function answerImages({ body: raw, ctx, baseUrl }: EndpointInput): EndpointAnswer {
  const body = checkParams(raw, PARAMS);
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : 'dall-e-2';
  const family = familyOf(model);
  const gptImage = family === GPT_IMAGE;
  if (typeof body.prompt !== 'string') return missing('prompt');
  checkNonEmpty('prompt', body.prompt);
  checkMaxLength('prompt', body.prompt, family.maxPrompt);
  const n = typeof body.n === 'number' ? body.n : 1;
  checkRange('n', n, 1, family.maxN, 'integer');
  const size = typeof body.size === 'string' ? body.size : gptImage ? 'auto' : '1024x1024';
  if (!family.sizes.includes(size)) invalidValue('size', size, family.sizes);
  const quality = typeof body.quality === 'string' ? body.quality : gptImage ? 'auto' : 'standard';
  if (!family.qualities.includes(quality)) invalidValue('quality', quality, family.qualities);
  if (gptImage && body.response_format !== undefined && body.response_format !== null) unknownParameter('response_format');
  const format = typeof body.response_format === 'string' ? body.response_format : gptImage ? 'b64_json' : 'url';
  if (format !== 'url' && format !== 'b64_json') invalidValue('response_format', format, ['url', 'b64_json']);
  if (body.stream === true) fail('Streaming image generation is not modelled by the mock upstream.', { param: 'stream' });

  const data = Array.from({ length: n }, () => {
    const item: Record<string, unknown> = format === 'url' ? { url: `${baseUrl}/mock-images/${ctx.nextId('img-')}.png` } : { b64_json: TINY_PNG_BASE64 };
    if (family === DALL_E_3) item.revised_prompt = body.prompt;
    return item;
  });
  const created = Math.floor(ctx.now() / 1000);
  if (!gptImage) return { kind: 'json', body: { created, data } };
  const billed = quality === 'auto' ? 'medium' : quality;
  const perImage = (OUTPUT_TOKENS[billed] ?? [0, 0])[size.includes('1536') ? 1 : 0];
  const input = wordsIn(body.prompt);
  const output = perImage * n;
  return {
    kind: 'json',
    body: {
      created,
      background: 'opaque',
      data,
      output_format: 'png',
      quality: billed,
      size: size === 'auto' ? '1024x1024' : size,
      usage: {
        input_tokens: input,
        input_tokens_details: { image_tokens: 0, text_tokens: input },
        output_tokens: output,
        total_tokens: input + output,
      },
    },
    usage: { input, output, cached: 0, reasoning: 0 },
  };
}
