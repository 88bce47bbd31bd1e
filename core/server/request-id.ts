import { randomBytes } from 'node:crypto';

/**
 * Request ids: a random per-process prefix plus a counter, alphanumeric so every format can
 * embed them in its own ids. Cheaper than a random UUID per request on the hot path.
 */
export function createRequestIds(): () => string {
  const prefix = randomBytes(6).toString('hex');
  let counter = 0;
  return () => `${prefix}${(counter++).toString(36).padStart(6, '0')}`;
}
