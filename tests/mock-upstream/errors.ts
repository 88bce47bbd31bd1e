// Error bodies in each provider's own shape, with the messages the real APIs send.
import { dialectOf } from './formats.js';
import type { HttpError, MockFormat } from './types.js';

export interface OpenAiErrorFields {
  type?: string;
  param?: string | null;
  code?: string | null;
}

export function openAiError(status: number, message: string, fields: OpenAiErrorFields = {}): HttpError {
  return {
    status,
    body: {
      error: {
        message,
        type: fields.type ?? 'invalid_request_error',
        param: fields.param ?? null,
        code: fields.code ?? null,
      },
    },
  };
}

export function anthropicError(status: number, type: string, message: string): HttpError {
  return {
    status,
    body: { type: 'error', error: { type, message }, request_id: `req_mock${Date.now().toString(36)}` },
  };
}

export function anthropicInvalid(message: string): HttpError {
  return anthropicError(400, 'invalid_request_error', message);
}

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function geminiError(status: number, message: string, details?: unknown[]): HttpError {
  const error: Record<string, unknown> = { code: status, message, status: GOOGLE_STATUS[status] ?? 'UNKNOWN' };
  if (details && details.length > 0) error.details = details;
  return { status, body: { error } };
}

export function geminiInvalid(message: string): HttpError {
  return geminiError(400, message);
}

function openAiDefault(status: number, model: string): HttpError {
  switch (status) {
    case 400:
      return openAiError(400, 'Invalid request.');
    case 401:
      return openAiError(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        { code: 'invalid_api_key' },
      );
    case 403:
      return openAiError(403, 'Country, region, or territory not supported', {
        type: 'request_forbidden',
        code: 'unsupported_country_region_territory',
      });
    case 404:
      return openAiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
        code: 'model_not_found',
      });
    case 429:
      return openAiError(
        429,
        `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        { type: 'requests', code: 'rate_limit_exceeded' },
      );
    case 503:
      return openAiError(503, 'The engine is currently overloaded, please try again later', { type: 'server_error' });
    default:
      return openAiError(status, 'The server had an error while processing your request. Sorry about that!', {
        type: 'server_error',
      });
  }
}

function anthropicDefault(status: number, model: string): HttpError {
  switch (status) {
    case 400:
      return anthropicError(400, 'invalid_request_error', 'Invalid request.');
    case 401:
      return anthropicError(401, 'authentication_error', 'invalid x-api-key');
    case 403:
      return anthropicError(403, 'permission_error', 'Your API key does not have permission to use the specified resource.');
    case 404:
      return anthropicError(404, 'not_found_error', `model: ${model}`);
    case 413:
      return anthropicError(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.');
    case 429:
      return anthropicError(
        429,
        'rate_limit_error',
        'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
      );
    case 529:
      return anthropicError(529, 'overloaded_error', 'Overloaded');
    case 504:
      return anthropicError(504, 'timeout_error', 'Request timed out');
    default:
      return anthropicError(status, 'api_error', 'Internal server error');
  }
}

function geminiDefault(status: number, model: string, retryAfter?: string): HttpError {
  switch (status) {
    case 400:
      return geminiError(400, 'Request contains an invalid argument.');
    case 401:
      return geminiError(
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      );
    case 403:
      return geminiError(403, 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.');
    case 404:
      return geminiError(
        404,
        `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
      );
    case 429: {
      const seconds = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? `${retryAfter}s` : undefined;
      return geminiError(
        429,
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
        seconds ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: seconds }] : undefined,
      );
    }
    case 503:
      return geminiError(503, 'The model is overloaded. Please try again later.');
    case 504:
      return geminiError(504, 'Deadline expired before operation could complete.');
    default:
      return geminiError(
        status,
        'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      );
  }
}

/** Ollama (gin) answers every error as a bare `{"error": "<message>"}`. */
export function ollamaError(status: number, message: string): HttpError {
  return { status, body: { error: message } };
}

function ollamaDefault(status: number, model: string): HttpError {
  switch (status) {
    case 404:
      return ollamaError(404, `model '${model}' not found`);
    case 503:
      // The scheduler's queue-full error (ErrMaxQueue), with its double space.
      return ollamaError(503, 'server busy, please try again.  maximum pending requests exceeded');
    default:
      return ollamaError(status, 'llama runner process has terminated: exit status 2');
  }
}

/** The error a real provider sends for `status`, used by injected status faults. */
export function defaultErrorFor(format: MockFormat, status: number, model: string, retryAfter?: string): HttpError {
  const dialect = dialectOf(format);
  if (dialect === 'anthropic') return anthropicDefault(status, model);
  if (dialect === 'gemini') return geminiDefault(status, model, retryAfter);
  if (dialect === 'ollama') return ollamaDefault(status, model);
  return openAiDefault(status, model);
}

export function missingKeyError(format: MockFormat): HttpError {
  const dialect = dialectOf(format);
  if (dialect === 'anthropic') return anthropicError(401, 'authentication_error', 'x-api-key header is required');
  if (dialect === 'gemini') {
    return geminiError(
      401,
      'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    );
  }
  return openAiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
  );
}

/** Thrown by validators so nested checks can stop at the first problem, as the real APIs do. */
export class RejectError extends Error {
  constructor(readonly httpError: HttpError) {
    super('request rejected');
  }
}

export function reject(error: HttpError): never {
  throw new RejectError(error);
}
