// The 400s both OpenAI APIs send for malformed parameters, in their wording.
import { openAiError, reject, type OpenAiErrorFields } from './errors.js';
import { jsonTypeName } from './narrow.js';

export function fail(message: string, fields: OpenAiErrorFields = {}): never {
  return reject(openAiError(400, message, fields));
}

function supported(values: string[]): string {
  const q = values.map((v) => `'${v}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}` : q.join('');
}

export function invalidValue(param: string, value: unknown, values: string[]): never {
  return fail(`Invalid value: '${String(value)}'. Supported values are: ${supported(values)}.`, { param, code: 'invalid_value' });
}

export function missing(param: string): never {
  return fail(`Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
}

export function wrongType(param: string, expected: string, value: unknown): never {
  return fail(`Invalid type for '${param}': expected ${expected}, but got ${jsonTypeName(value)} instead.`, {
    param,
    code: 'invalid_type',
  });
}
