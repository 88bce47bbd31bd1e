/**
 * Gemini `POST /v1beta/models/{model}:embedContent` and `:batchEmbedContents`, keyed like
 * generateContent (x-goog-api-key, ?key= or Bearer).
 *
 * embedContent: {content:{parts:[{text}]}, model?, taskType?, title?, outputDimensionality?}
 *   -> {embedding:{values}}.
 * batchEmbedContents: {requests:[EmbedContentRequest...]} (1-100) -> {embeddings:[{values}]};
 *   every request must name its model as 'models/<the model in the URL>' (missing: "model
 *   is not specified"; no models/ prefix: "unexpected model name format"; another model:
 *   400 INVALID_ARGUMENT).
 * Unknown field names and mistyped values are Gemini's "Invalid JSON payload received"
 * (gemini-fields.ts); a bad taskType is its enum error.
 *
 * Answer rule: values = mockEmbedding(text, outputDimensionality || 8) (embedding-vector.ts)
 * with text = the text parts joined by "\n", so one text gives the same vector here as on
 * OpenAI /v1/embeddings. Nothing is reported as usage (the API reports none).
 */
import { mockEmbedding } from './embedding-vector.js';
import type { EndpointAnswer, EndpointInput } from './endpoint.js';
import { geminiError, geminiInvalid, reject } from './errors.js';
import { camel, CONTENT, fieldViolations, list, obj, type Node } from './gemini-fields.js';
import { isRecord, type Json } from './narrow.js';

const TASK_TYPES = [
  'TASK_TYPE_UNSPECIFIED', 'RETRIEVAL_QUERY', 'RETRIEVAL_DOCUMENT', 'SEMANTIC_SIMILARITY', 'CLASSIFICATION',
  'CLUSTERING', 'QUESTION_ANSWERING', 'FACT_VERIFICATION', 'CODE_RETRIEVAL_QUERY',
];
const EMBED_FIELDS: Record<string, Node> = { model: 'string', content: CONTENT, taskType: 'string', title: 'string', outputDimensionality: 'int' };
const BATCH_FIELDS: Record<string, Node> = { requests: list(obj(EMBED_FIELDS)) };
const MAX_BATCH = 100;

function fail(message: string): never {
  return reject(geminiInvalid(message));
}

function checkFields(body: unknown, fields: Record<string, Node>): Json {
  if (!isRecord(body)) return fail('Invalid JSON payload received. Expected an object.');
  const violations = fieldViolations(body, fields);
  if (violations.length > 0) {
    reject(
      geminiError(400, violations.map((v) => v.description).join('\n'), [
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations },
      ]),
    );
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) out[camel(k)] = v;
  return out;
}

/** One EmbedContentRequest's vector; `at` names it in messages ("EmbedContentRequest" or "BatchEmbedContentsRequest.requests[i]"). */
function embedOne(request: Json, at: string, path: string): number[] {
  const content = isRecord(request.content) ? request.content : undefined;
  if (!content) return fail(`* ${at}.content: content is not specified\n`);
  const parts = Array.isArray(content.parts) ? content.parts.filter(isRecord) : [];
  if (parts.length === 0) fail(`* ${at}.content.parts: contents.parts must not be empty.\n`);
  const texts: string[] = [];
  parts.forEach((part, j) => {
    const data = Object.keys(part).filter((k) => ['text', 'inlineData', 'inline_data', 'fileData', 'file_data'].includes(k));
    if (data.length === 0) fail(`* ${at}.content.parts[${j}].data: required oneof field 'data' must have one initialized field\n`);
    if (typeof part.text === 'string') texts.push(part.text);
  });
  const task = request.taskType;
  if (task !== undefined && task !== null && !TASK_TYPES.includes(String(task))) {
    const field = `${path}task_type`;
    const description = `Invalid value at '${field}' (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), ${JSON.stringify(task)}`;
    reject(geminiError(400, description, [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] }]));
  }
  const dims = Number(request.outputDimensionality ?? 0);
  // The API's wording for a negative size is not known; the mock refuses it all the same.
  if (dims < 0) fail(`* ${at}.output_dimensionality: output_dimensionality must be positive\n`);
  return mockEmbedding(texts.join('\n'), dims > 0 ? dims : undefined);
}

function camelRequest(value: unknown): Json {
  const out: Json = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) out[camel(k)] = v;
  return out;
}

export function answerGeminiEmbed({ route, body }: EndpointInput): EndpointAnswer {
  const model = route.pathModel ?? '';
  if (route.action === 'embedContent') {
    const request = checkFields(body, EMBED_FIELDS);
    return { kind: 'json', body: { embedding: { values: embedOne(request, 'EmbedContentRequest', '') } } };
  }
  const batch = checkFields(body, BATCH_FIELDS);
  const requests = Array.isArray(batch.requests) ? batch.requests.map(camelRequest) : [];
  if (requests.length === 0) fail('* BatchEmbedContentsRequest.requests: requests is not specified\n');
  if (requests.length > MAX_BATCH) fail(`* BatchEmbedContentsRequest.requests: at most ${MAX_BATCH} requests can be in one batch\n`);
  const embeddings = requests.map((request, i) => {
    const at = `BatchEmbedContentsRequest.requests[${i}]`;
    const inner = request.model;
    if (typeof inner !== 'string' || inner === '') return fail(`* ${at}.model: model is not specified\n`);
    if (!inner.startsWith('models/')) fail(`* ${at}.model: unexpected model name format\n`);
    if (inner !== `models/${model}`) {
      fail(`* ${at}.model: The model in each request must match the model specified in the URL (models/${model}), got ${inner}.\n`);
    }
    return { values: embedOne(request, at, `requests[${i}].`) };
  });
  return { kind: 'json', body: { embeddings } };
}
