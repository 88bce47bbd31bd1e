import { customInputFromArguments } from './custom-tools.js';

/**
 * Streams a custom tool's free text out of its canonical arguments as they arrive. The
 * arguments are JSON text `{"input": "<escaped text>"}` cut into arbitrary pieces; this
 * reads the value of `input` incrementally (escapes may be split across pieces) so the
 * client gets its input deltas (Responses' custom_tool_call_input.delta, Chat's custom.input
 * pieces) while the model writes. Both OpenAI stream encoders use it through CustomCallInput.
 *
 * Only the usual shape is streamed: `{` then the `input` key first, its value a string.
 * Anything else (other keys first, an escaped key, no JSON) makes the reader give up and
 * the encoder sends the input in one piece when the call ends; the whole input (Responses'
 * `.done` event) is always read from the whole arguments text.
 */

const KEY = '"input"';
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type Phase =
  | { kind: 'open' } // before `{`
  | { kind: 'key'; matched: number } // inside the key; `matched` chars of KEY seen
  | { kind: 'colon' } // after the key, before `:`
  | { kind: 'value' } // after `:`, before the opening quote
  | { kind: 'string' }
  | { kind: 'done' }
  | { kind: 'gave_up' };

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export class CustomInputStream {
  private phase: Phase = { kind: 'open' };
  /** An escape sequence cut by a piece boundary (starts with a backslash). */
  private escape = '';
  /** A high surrogate held back until its low half arrives, so no delta splits a pair. */
  private held = '';

  /** Feeds one piece of the arguments JSON; returns the input text it completes ('' if none). */
  push(json: string): string {
    let out = this.held;
    this.held = '';
    for (const ch of json) {
      if (this.phase.kind === 'string') out += this.stringChar(ch);
      else if (this.phase.kind === 'done' || this.phase.kind === 'gave_up') break;
      else this.structureChar(ch);
    }
    const last = out.charCodeAt(out.length - 1);
    if (out.length > 0 && isHighSurrogate(last) && this.phase.kind === 'string') {
      this.held = out.slice(-1);
      out = out.slice(0, -1);
    }
    return out;
  }

  private structureChar(ch: string): void {
    const phase = this.phase;
    switch (phase.kind) {
      case 'open':
        if (ch === '{') this.phase = { kind: 'key', matched: 0 };
        else if (!isSpace(ch)) this.phase = { kind: 'gave_up' };
        return;
      case 'key':
        if (phase.matched === 0 && isSpace(ch)) return;
        if (ch !== KEY[phase.matched]) {
          this.phase = { kind: 'gave_up' };
          return;
        }
        phase.matched++;
        if (phase.matched === KEY.length) this.phase = { kind: 'colon' };
        return;
      case 'colon':
        if (ch === ':') this.phase = { kind: 'value' };
        else if (!isSpace(ch)) this.phase = { kind: 'gave_up' };
        return;
      case 'value':
        if (ch === '"') this.phase = { kind: 'string' };
        else if (!isSpace(ch)) this.phase = { kind: 'gave_up' };
        return;
      default:
        return;
    }
  }

  /** One character inside the string value; returns the text it decodes to. */
  private stringChar(ch: string): string {
    if (this.escape === '') {
      if (ch === '\\') {
        this.escape = ch;
        return '';
      }
      if (ch === '"') {
        this.phase = { kind: 'done' };
        return '';
      }
      return ch;
    }
    this.escape += ch;
    if (this.escape.length === 2 && this.escape !== '\\u') {
      const decoded = SIMPLE_ESCAPES[ch];
      this.escape = '';
      if (decoded === undefined) this.phase = { kind: 'gave_up' };
      return decoded ?? '';
    }
    if (this.escape.length < 6) return '';
    const hex = this.escape.slice(2);
    this.escape = '';
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
      this.phase = { kind: 'gave_up' };
      return '';
    }
    return String.fromCharCode(parseInt(hex, 16));
  }
}

/**
 * One custom call's input on its way to the client: the arguments gathered so far and the
 * reader over them. What the encoder sends adds up to the input whether or not it streamed:
 * when nothing could be streamed, end() hands over the whole input to send in one piece.
 */
export class CustomCallInput {
  private args = '';
  private streamedAny = false;
  private readonly reader = new CustomInputStream();

  /** Feeds one arguments delta; returns the input text to send now ('' if none). */
  push(json: string): string {
    this.args += json;
    const text = this.reader.push(json);
    if (text !== '') this.streamedAny = true;
    return text;
  }

  /** `input`: the whole input, read from the whole arguments; `rest`: what is left to send. */
  end(): { input: string; rest: string } {
    const input = customInputFromArguments(this.args);
    return { input, rest: this.streamedAny ? '' : input };
  }
}
