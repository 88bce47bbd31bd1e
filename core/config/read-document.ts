import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';

export type ReadDocument = { ok: true; value: unknown } | { ok: false; errors: string[] };

/**
 * Text -> plain data, by the file's extension. Parser messages are reduced to what went wrong
 * and where: the parsers' own excerpts of the source could quote an API key.
 */
export function readDocument(text: string, fileName: string): ReadDocument {
  // Editors on Windows may save a byte order mark, which JSON.parse rejects.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const ext = extname(fileName).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return readYaml(source, fileName);
  if (ext === '.json') return readJson(source, fileName);
  return { ok: false, errors: [`${fileName}: unsupported file type "${ext || '(none)'}"; use .yaml, .yml or .json`] };
}

function readYaml(source: string, fileName: string): ReadDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `${fileName}:${line}:${col}: ${error.message}`;
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'cannot be read';
    return { ok: false, errors: [`${fileName}: ${message}`] };
  }
}

function readJson(source: string, fileName: string): ReadDocument {
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const { what, position } = describeJsonError(error instanceof Error ? error.message : '');
    if (position !== undefined) {
      const { line, col } = lineAndColumn(source, position);
      return { ok: false, errors: [`${fileName}:${line}:${col}: invalid JSON: ${what}`] };
    }
    return { ok: false, errors: [`${fileName}: invalid JSON: ${what}`] };
  }
}

// V8 quotes part of the input in some messages (`Unexpected token 's', "sk-..." is not valid
// JSON`), so only known message shapes are kept, cut before any quoted source.
function describeJsonError(message: string): { what: string; position?: number } {
  const positioned = /^(.*?) (?:in|after) JSON at position (\d+)/s.exec(message);
  if (positioned?.[1] !== undefined && positioned[2] !== undefined) {
    return { what: positioned[1], position: Number(positioned[2]) };
  }
  const token = /^Unexpected token '(.)'/.exec(message);
  if (token !== null) return { what: token[0] };
  if (message === 'Unexpected end of JSON input') return { what: message };
  return { what: 'syntax error' };
}

function lineAndColumn(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return { line, col };
}
