/**
 * Bodies as the panes show them: one JSON document indented; an event stream as it came,
 * one compact line per event, which shows the stream's order better than indenting each
 * event would. A body cut at the size cap is no longer JSON: it is shown as it came. Only
 * text comes out; the page renders it as text, never as markup.
 */
export function prettyBody(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') return '';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = prettyJson(trimmed);
    if (json !== undefined) return json;
  }
  return raw;
}

function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}
