import type { CanonicalError } from '../formats/canonical.js';

/** What a client hears when its gateway key may not use the model it asked for. */
export function outOfScope(model: string, scopes: readonly string[]): CanonicalError {
  return {
    status: 403,
    kind: 'permission',
    message: `This gateway key may not use the model "${model}"; it is limited to ${scopes.join(', ')}.`,
  };
}
