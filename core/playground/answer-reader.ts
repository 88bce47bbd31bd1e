/**
 * Reads a playground run's answer as its client receives it, in the client's own format:
 * a stream is parsed event by event as it is written (the text deltas the dashboard shows
 * live), a JSON answer once it is complete. Each format's codec already decodes its own
 * answers (that is how upstreams of that format are read), so the same decoders serve here.
 */
import type { WireFormat } from '../formats/canonical.js';
import type { CodecContext, StreamDecoder } from '../formats/codec.js';
import type { StreamSplitter } from '../sse/ndjson.js';
import { codecs } from '../formats/registry.js';
import { streamSplitter } from '../formats/stream-framing.js';
import { PLAYGROUND_TEXT_LIMIT } from '../control/playground-contract.js';

export interface AnswerDelta {
  part: 'text' | 'thinking';
  text: string;
}

export interface AnswerText {
  text: string;
  thinking: string;
  truncated: boolean;
}

/** A JSON answer bigger than this is not decoded for its text (its body is still shown, cut). */
const JSON_ANSWER_MAX = 4 * 1024 * 1024;

export class AnswerReader {
  private mode: 'sse' | 'json' | undefined;
  private readonly parser: StreamSplitter;
  private decoder: StreamDecoder | undefined;
  private readonly json: Buffer[] = [];
  private jsonBytes = 0;
  private text = '';
  private thinking = '';
  private truncated = false;

  /**
   * `streamed()` says, once the first byte arrives, whether the answer is an event stream:
   * a stream request answered 200 is; an error is always one JSON body.
   */
  constructor(
    private readonly format: WireFormat,
    private readonly ctx: CodecContext,
    private readonly streamed: () => boolean,
  ) {
    // The client's own stream framing: SSE, or NDJSON for an Ollama client.
    this.parser = streamSplitter(format);
  }

  /** Takes the next bytes of the answer; returns the text they add. */
  push(chunk: string | Buffer): AnswerDelta[] {
    this.mode ??= this.streamed() ? 'sse' : 'json';
    if (this.mode === 'json') {
      if (this.jsonBytes <= JSON_ANSWER_MAX) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        this.json.push(bytes);
        this.jsonBytes += bytes.length;
      }
      return [];
    }
    this.decoder ??= codecs[this.format].createStreamDecoder(this.ctx);
    const decoder = this.decoder;
    const deltas: AnswerDelta[] = [];
    for (const message of this.parser.push(chunk)) {
      // A client answer the decoder cannot read is still shown whole in its pane; only its
      // live text is lost, so a decoder's complaint must not end the run.
      try {
        for (const event of decoder.push(message)) {
          if (event.type !== 'delta') continue;
          const { delta } = event;
          if (delta.type === 'text' || delta.type === 'thinking') this.add(delta.type, delta.text, deltas);
        }
      } catch {
        continue;
      }
    }
    return deltas;
  }

  /** The whole answer's text, once the response ended. */
  finish(): AnswerText {
    if (this.mode === 'json' && this.jsonBytes <= JSON_ANSWER_MAX) this.readJson();
    return { text: this.text, thinking: this.thinking, truncated: this.truncated };
  }

  private readJson(): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.concat(this.json).toString('utf8'));
    } catch {
      return;
    }
    const decoded = codecs[this.format].decodeResponse(parsed, this.ctx);
    // An error body is not an answer: it has no text, and the translated pane shows it.
    if (!decoded.ok) return;
    for (const part of decoded.value.content) {
      if (part.type === 'text' || part.type === 'thinking') this.add(part.type, part.text, []);
    }
  }

  private add(part: AnswerDelta['part'], text: string, out: AnswerDelta[]): void {
    const room = PLAYGROUND_TEXT_LIMIT - this.text.length - this.thinking.length;
    if (room <= 0 || text.length === 0) {
      if (text.length > 0) this.truncated = true;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length < text.length) this.truncated = true;
    if (part === 'text') this.text += kept;
    else this.thinking += kept;
    out.push({ part, text: kept });
  }
}
