import { comboSchema, type ComboConfig } from '../config/routing-schema.js';
import type { StoredCombo } from '../store/index.js';

/**
 * A stored combo as the config file would spell it, or undefined when the row no longer
 * parses (an older or hand-edited database): such a row is skipped, not trusted.
 */
export function parseStoredCombo(row: Pick<StoredCombo, 'name' | 'definition'>): ComboConfig | undefined {
  const definition = typeof row.definition === 'object' && row.definition !== null && !Array.isArray(row.definition) ? row.definition : {};
  const parsed = comboSchema.safeParse({ ...definition, name: row.name });
  return parsed.success ? parsed.data : undefined;
}
