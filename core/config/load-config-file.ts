import { readFile } from 'node:fs/promises';
import { parseConfig, type ParseConfigOptions, type ParseConfigResult } from './parse-config.js';

/** Reads and validates a config file; a missing or unreadable file is an error result, not a throw. */
export async function loadConfigFile(path: string, opts: Omit<ParseConfigOptions, 'fileName'>): Promise<ParseConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    if (code === 'ENOENT') return { ok: false, errors: [`${path}: file not found`] };
    if (code === 'EISDIR') return { ok: false, errors: [`${path}: is a directory, not a config file`] };
    return { ok: false, errors: [`${path}: cannot read the file (${code ?? 'unknown error'})`] };
  }
  return parseConfig(text, { ...opts, fileName: path });
}
