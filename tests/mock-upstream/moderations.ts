/**
 * OpenAI `POST /v1/moderations`: {input, model?}. input is a string, an array of strings
 * (one result each) or an array of content parts {type:'text', text} / {type:'image_url',
 * image_url:{url}} (one result for them all; image parts need an omni-moderation model).
 * model defaults to omni-moderation-latest.
 *
 * Answer rule: a text containing the word "kill" (any case, whole word) is flagged as
 * violence (score 0.9); every other category, and every category of an unflagged input,
 * scores 0.0001 and is false. {id: 'modr-...', model, results:[{flagged, categories,
 * category_scores, category_applied_input_types}]}.
 */
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { isRecord } from './narrow.js';
import { checkParams } from './openai-params.js';
import { fail, invalidValue, missing, wrongType } from './openai-rejections.js';

const CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
];
const FLAG_WORD = /\bkill\b/i;
const LOW = 0.0001;

interface Item {
  texts: string[];
  images: number;
}

function readParts(parts: unknown[], model: string): Item {
  const item: Item = { texts: [], images: 0 };
  parts.forEach((part, i) => {
    if (!isRecord(part)) return wrongType(`input[${i}]`, 'an object', part);
    if (part.type === 'text') {
      if (typeof part.text !== 'string') missing(`input[${i}].text`);
      item.texts.push(String(part.text));
    } else if (part.type === 'image_url') {
      if (!isRecord(part.image_url) || typeof part.image_url.url !== 'string') missing(`input[${i}].image_url.url`);
      if (!model.startsWith('omni-moderation')) fail(`Model '${model}' does not support image inputs.`, { param: 'input' });
      item.images += 1;
    } else invalidValue(`input[${i}].type`, part.type, ['text', 'image_url']);
  });
  return item;
}

function readInput(input: unknown, model: string): Item[] {
  if (typeof input === 'string') return [{ texts: [input], images: 0 }];
  if (!Array.isArray(input)) return wrongType('input', 'one of a string, array of strings or array of objects', input);
  if (input.length === 0) {
    return fail("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", { param: 'input', code: 'empty_array' });
  }
  if (input.every((i) => typeof i === 'string')) return input.map((text) => ({ texts: [String(text)], images: 0 }));
  return [readParts(input, model)];
}

function result(item: Item): unknown {
  const flagged = item.texts.some((t) => FLAG_WORD.test(t));
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const c of CATEGORIES) {
    categories[c] = flagged && c === 'violence';
    scores[c] = categories[c] ? 0.9 : LOW;
    // Image inputs are scored only for the categories OpenAI judges on images.
    const imageCategory = c.startsWith('violence') || c.startsWith('self-harm') || c === 'sexual';
    applied[c] = item.images > 0 && imageCategory ? (item.texts.length > 0 ? ['text', 'image'] : ['image']) : item.texts.length > 0 ? ['text'] : [];
  }
  return { flagged, categories, category_scores: scores, category_applied_input_types: applied };
}

export function answerModerations({ body: raw, ctx }: EndpointInput): EndpointAnswer {
  const body = checkParams(raw, { input: 'any', model: 'string' });
  if (body.input === undefined || body.input === null) return missing('input');
  const model = typeof body.model === 'string' && body.model !== '' ? body.model : 'omni-moderation-latest';
  const items = readInput(body.input, model);
  return { kind: 'json', body: { id: ctx.nextId('modr-'), model, results: items.map(result) } };
}
