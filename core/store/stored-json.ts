// JSON columns (provider descriptors, settings) are TEXT in SQLite; these are the only two
// crossings between a JS value and that text.

export function stringifyForStore(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cannot store ${what}: the value is not JSON-serialisable`);
  return json;
}

export function parseStoredJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the stored JSON of ${what} is corrupt; remove and store it again`);
  }
}
