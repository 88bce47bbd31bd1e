/**
 * Splits content that opens with a `<think>...</think>` block (DeepSeek R1 and models served
 * with its chat template put their reasoning there) into thinking and text. Content arrives
 * in arbitrary pieces, so a tag may be cut anywhere ('<thi' + 'nk>'); the splitter holds
 * back only the few characters that could still be the start of a tag. Whitespace between
 * the tags and their content is dropped, the way the template writes it ("<think>\n...\n</think>\n\n").
 */

export interface ContentPiece {
  kind: 'thinking' | 'text';
  text: string;
}

const OPEN = '<think>';
const CLOSE = '</think>';

type Mode = 'detect' | 'thinking-lead' | 'thinking' | 'text-lead' | 'text';

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

export class ThinkTagSplitter {
  private mode: Mode = 'detect';
  private held = '';

  push(chunk: string): ContentPiece[] {
    const out: ContentPiece[] = [];
    this.feed(chunk, out);
    return out;
  }

  /** Emits whatever is held back; used at the end, or before a non-content part starts. */
  flush(): ContentPiece[] {
    const out: ContentPiece[] = [];
    if (this.mode === 'detect') {
      this.mode = 'text';
      emit(out, 'text', this.held);
    } else if (this.mode === 'thinking') {
      emit(out, 'thinking', this.held);
    }
    this.held = '';
    return out;
  }

  private feed(chunk: string, out: ContentPiece[]): void {
    let rest = chunk;
    while (rest !== '') {
      switch (this.mode) {
        case 'detect': {
          const seen = this.held + rest;
          const trimmed = seen.trimStart();
          rest = '';
          if (trimmed.startsWith(OPEN)) {
            this.held = '';
            this.mode = 'thinking-lead';
            rest = trimmed.slice(OPEN.length);
          } else if (OPEN.startsWith(trimmed)) {
            this.held = seen;
          } else {
            this.held = '';
            this.mode = 'text';
            emit(out, 'text', seen);
          }
          break;
        }
        case 'thinking-lead':
        case 'text-lead': {
          rest = rest.trimStart();
          if (rest !== '') this.mode = this.mode === 'thinking-lead' ? 'thinking' : 'text';
          break;
        }
        case 'thinking': {
          const seen = this.held + rest;
          rest = '';
          const close = seen.indexOf(CLOSE);
          if (close !== -1) {
            emit(out, 'thinking', seen.slice(0, close).trimEnd());
            this.held = '';
            this.mode = 'text-lead';
            rest = seen.slice(close + CLOSE.length);
          } else {
            // Trailing whitespace waits too: it is dropped if the closing tag comes next.
            const body = seen.slice(0, seen.length - partialTagSuffix(seen, CLOSE));
            const ready = body.trimEnd();
            emit(out, 'thinking', ready);
            this.held = seen.slice(ready.length);
          }
          break;
        }
        case 'text':
          emit(out, 'text', rest);
          rest = '';
          break;
      }
    }
  }
}

function emit(out: ContentPiece[], kind: ContentPiece['kind'], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}
