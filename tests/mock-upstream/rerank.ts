/**
 * Rerank, `POST /v1/rerank` (Cohere v1, Jina, Together, vLLM) and `POST /v2/rerank` (Cohere
 * v2): {model, query, documents: string[] | {text}[], top_n?, return_documents?,
 * max_chunks_per_doc?, rank_fields?}. Errors use the OpenAI shape (formats.ts).
 *
 * Answer rule: relevance_score = |query words ∩ document words| / |query words|, words being
 * the lower-cased \w+ runs, counted once each. Results are sorted by score, highest first,
 * ties by document index, then cut to top_n (default and maximum: every document).
 * document ({text}) is included only with return_documents: true.
 * {id, model, results:[{index, relevance_score, document?}], usage:{total_tokens},
 *  meta:{api_version:{version:'2'}, billed_units:{search_units:1}}}; total_tokens = query
 * words + document words, recorded as usage.input.
 */
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { isRecord, wordsIn } from './narrow.js';
import { checkNonEmpty, checkParams, checkRange, requireModel } from './openai-params.js';
import { fail, missing, wrongType } from './openai-rejections.js';

const PARAMS = {
  model: 'string',
  query: 'string',
  documents: 'array',
  top_n: 'integer',
  return_documents: 'boolean',
  max_chunks_per_doc: 'integer',
  max_tokens_per_doc: 'integer',
  rank_fields: 'array',
  return_text: 'boolean',
} as const;

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\w+/g) ?? []));
}

export function relevance(query: string, document: string): number {
  const q = words(query);
  if (q.size === 0) return 0;
  const d = words(document);
  let shared = 0;
  for (const w of q) if (d.has(w)) shared += 1;
  return shared / q.size;
}

function documentText(doc: unknown, i: number): string {
  if (typeof doc === 'string') return doc;
  if (isRecord(doc)) {
    if (typeof doc.text !== 'string') return missing(`documents[${i}].text`);
    return doc.text;
  }
  return wrongType(`documents[${i}]`, 'one of a string or object', doc);
}

export function answerRerank({ body: raw, ctx }: EndpointInput): EndpointAnswer {
  const body = checkParams(raw, PARAMS);
  const model = requireModel(body);
  if (typeof body.query !== 'string') return missing('query');
  checkNonEmpty('query', body.query);
  if (!Array.isArray(body.documents)) return missing('documents');
  if (body.documents.length === 0) {
    fail("Invalid 'documents': empty array. Expected an array with minimum length 1, but got an empty array instead.", {
      param: 'documents',
      code: 'empty_array',
    });
  }
  const texts = body.documents.map(documentText);
  const topN = typeof body.top_n === 'number' ? body.top_n : texts.length;
  checkRange('top_n', topN, 1, Number.MAX_SAFE_INTEGER, 'integer');
  const query = body.query;
  const results = texts
    .map((text, index) => ({ index, relevance_score: relevance(query, text), text }))
    .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
    .slice(0, topN)
    .map(({ index, relevance_score, text }) => (body.return_documents === true ? { index, relevance_score, document: { text } } : { index, relevance_score }));
  const tokens = wordsIn(query) + texts.reduce((sum, t) => sum + wordsIn(t), 0);
  return {
    kind: 'json',
    body: {
      id: ctx.nextId('rerank-'),
      model,
      results,
      usage: { total_tokens: tokens },
      meta: { api_version: { version: '2' }, billed_units: { search_units: 1 } },
    },
    usage: { input: tokens, output: 0, cached: 0, reasoning: 0 },
  };
}
