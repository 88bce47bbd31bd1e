// Reading a request: its headers, its body (JSON, text or a streamed multipart upload), and
// the answers every API gives before it looks at the body (bad JSON, unknown path).
import type { IncomingMessage } from 'node:http';
import { anthropicError, anthropicInvalid, geminiError, ollamaError, openAiError } from './errors.js';
import { dialectOf } from './formats.js';
import { isMultipart, parseMultipart, type MultipartProblem } from './multipart.js';
import type { Route } from './route.js';
import type { HttpError, UploadRecord } from './types.js';

export interface Incoming {
  /** Parsed JSON, the text when it is not JSON, undefined when empty; a multipart body's fields. */
  body: unknown;
  /** False when a non-empty body that should be JSON is not. */
  jsonOk: boolean;
  /** The raw text of a non-multipart body. */
  text: string;
  /** Set for endpoints that take multipart: whether it was, and what went wrong. */
  multipart?: { sent: boolean; problem?: MultipartProblem; bytesRead?: number };
  uploads?: UploadRecord[];
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Only transcriptions take multipart; everything else is read whole as text. */
export async function readIncoming(req: IncomingMessage, route: Route): Promise<Incoming> {
  if (route.format === 'openai-transcriptions' && route.kind === 'endpoint') {
    if (!isMultipart(req.headers['content-type'])) {
      const text = await readText(req);
      return { body: text === '' ? undefined : text, jsonOk: true, text, multipart: { sent: false } };
    }
    const form = await parseMultipart(req);
    return {
      body: form.fields,
      jsonOk: true,
      text: '',
      multipart: { sent: true, problem: form.problem, bytesRead: form.bytesRead },
      uploads: form.files,
    };
  }
  const text = await readText(req);
  const parsed = parseJson(text);
  return { body: parsed.ok ? parsed.value : text, jsonOk: parsed.ok, text };
}

export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * What Go's encoding/json says about text that is not JSON (Ollama binds with it): exact for a
 * body that does not start a JSON value and for a truncated one; any other syntax error names
 * the character Node's parser stopped at, in the first wording.
 */
function goJsonError(text: string): string {
  const first = text.trimStart()[0];
  if (first !== undefined && !/[[{"\d\-tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
  try {
    JSON.parse(text);
  } catch (e) {
    const token = e instanceof Error ? /Unexpected token '?(.)/.exec(e.message)?.[1] : undefined;
    if (token !== undefined) return `invalid character '${token}' looking for beginning of value`;
  }
  return 'unexpected EOF';
}

export function badJson(route: Route, text: string): HttpError {
  const dialect = dialectOf(route.format);
  if (dialect === 'anthropic') return anthropicInvalid('There was an error parsing the body of your request. Please check that it is valid JSON.');
  if (dialect === 'gemini') return geminiError(400, 'Invalid JSON payload received. Unexpected token.');
  if (dialect === 'ollama') return ollamaError(400, goJsonError(text));
  return openAiError(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
  );
}

/** Ollama's unknown paths are gin's plain-text 404; it is sent as text by the caller. */
export const OLLAMA_NOT_FOUND = '404 page not found';

export function notFound(route: Route, method: string, path: string): HttpError {
  const dialect = dialectOf(route.format);
  if (dialect === 'anthropic') return anthropicError(404, 'not_found_error', 'Not Found');
  if (dialect === 'gemini') return geminiError(404, `Method not found: ${method} ${path}`);
  return openAiError(404, `Invalid URL (${method} ${path})`);
}
