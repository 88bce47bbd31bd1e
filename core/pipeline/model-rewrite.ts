/**
 * Pass-through answers carry the upstream's model id; the client must get back the name it
 * asked for (an alias, a combo, `provider/model`). Claude Code, for one, keeps thinking
 * blocks only from turns answered by the model it asked for, and the upstream refuses the
 * next turn without them. Only the model field is rewritten; every other byte is the
 * upstream's.
 */
import type { WireFormat } from '../formats/canonical.js';
import { STREAM_FRAMING } from '../formats/stream-framing.js';
import { formatNdjson } from '../sse/ndjson.js';
import { formatSse } from '../sse/parser.js';
import type { SseMessage } from '../sse/parser.js';
import { replaceStringField } from './json-field.js';

/** Where each format's non-streamed answer names its model. */
const BODY_PATH: Record<WireFormat, readonly string[]> = {
  anthropic: ['model'],
  'openai-chat': ['model'],
  'openai-responses': ['model'],
  gemini: ['modelVersion'],
  ollama: ['model'],
};

/** The Responses stream events that carry the whole response object (and so its model). */
const RESPONSE_OBJECT_EVENTS = new Set([
  'response.created',
  'response.in_progress',
  'response.queued',
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

const MESSAGE_MODEL = ['message', 'model'] as const;
const RESPONSE_MODEL = ['response', 'model'] as const;

/**
 * Where a stream event names the model, or undefined when that kind of event never does.
 * An event without an `event:` name is looked into, in case the upstream omits the names.
 */
function streamPath(format: WireFormat, message: SseMessage): readonly string[] | undefined {
  switch (format) {
    // Anthropic names the model once, in message_start.message.
    case 'anthropic':
      return message.event === undefined || message.event === 'message_start' ? MESSAGE_MODEL : undefined;
    // Every chat.completion.chunk repeats it; `[DONE]` is not JSON.
    case 'openai-chat':
      return message.data === '[DONE]' ? undefined : BODY_PATH['openai-chat'];
    case 'openai-responses':
      return message.event === undefined || RESPONSE_OBJECT_EVENTS.has(message.event) ? RESPONSE_MODEL : undefined;
    // Every GenerateContentResponse chunk repeats modelVersion.
    case 'gemini':
      return BODY_PATH.gemini;
    // Every NDJSON line of an Ollama answer names the model; an error line has none to change.
    case 'ollama':
      return BODY_PATH.ollama;
  }
}

/** A non-streamed answer with its model field set to `model`. */
export function rewriteBodyModel(format: WireFormat, body: string, model: string): string {
  return replaceStringField(body, BODY_PATH[format], model);
}

/** An SSE chunk ends on an event boundary when its last line is blank (LF or CRLF endings). */
function endsOnBoundary(raw: Uint8Array): boolean {
  const n = raw.length;
  if (n < 2 || raw[n - 1] !== 0x0a) return false;
  return raw[n - 2] === 0x0a || (n >= 3 && raw[n - 2] === 0x0d && raw[n - 3] === 0x0a);
}

function frame(message: SseMessage, data: string): string {
  if (!data.includes('\n')) return formatSse(data, message.event);
  // A data field that came on several `data:` lines goes out the same way.
  const head = message.event === undefined ? '' : `event: ${message.event}\n`;
  return `${head}data: ${data.split('\n').join('\ndata: ')}\n\n`;
}

/** Rewrites the model in a pass-through stream, given the messages the relay's splitter completed. */
export interface StreamModelRewriter {
  /** What to send for one upstream chunk: its own bytes when nothing changed, else new text. */
  chunk<Raw extends Uint8Array>(raw: Raw, messages: readonly SseMessage[]): Raw | string;
  /** What to send for the messages the splitter completed when the stream closed. */
  end(messages: readonly SseMessage[]): string;
}

/** The rewriter for `format`'s stream framing. */
export function streamModelRewriter(format: WireFormat, model: string): StreamModelRewriter {
  return STREAM_FRAMING[format] === 'ndjson' ? new NdjsonModelRewriter(format, model) : new SseModelRewriter(format, model);
}

/**
 * Rewrites the model in a pass-through SSE stream, on the events the relay's parser has
 * already split out. A chunk that starts and ends on event boundaries and carries nothing to
 * rewrite goes out as the upstream's own bytes (after Anthropic's message_start, that is
 * nearly every chunk); otherwise the chunk's complete events are framed again (the rewritten
 * one with its new model) and a half-received event waits in the parser for its end.
 */
export class SseModelRewriter implements StreamModelRewriter {
  /** The last chunk ended on an event boundary: nothing of a half-received event is held. */
  private aligned = true;

  constructor(
    private readonly format: WireFormat,
    private readonly model: string,
  ) {}

  /** What to send for one upstream chunk, given the events the parser completed in it. */
  chunk<Raw extends Uint8Array>(raw: Raw, messages: readonly SseMessage[]): Raw | string {
    const rewritten = this.rewrite(messages);
    const startedAligned = this.aligned;
    this.aligned = endsOnBoundary(raw);
    if (rewritten === undefined && startedAligned && this.aligned) return raw;
    return this.frameAll(messages, rewritten);
  }

  /** What to send for the events the parser completed when the stream closed. */
  end(messages: readonly SseMessage[]): string {
    return this.frameAll(messages, this.rewrite(messages));
  }

  /** The new data of each event whose model changed (by index), or undefined when none did. */
  private rewrite(messages: readonly SseMessage[]): Map<number, string> | undefined {
    let out: Map<number, string> | undefined;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      const path = streamPath(this.format, message);
      if (!path) continue;
      const data = replaceStringField(message.data, path, this.model);
      if (data !== message.data) (out ??= new Map()).set(i, data);
    }
    return out;
  }

  private frameAll(messages: readonly SseMessage[], rewritten: Map<number, string> | undefined): string {
    let out = '';
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      out += frame(message, rewritten?.get(i) ?? message.data);
    }
    return out;
  }
}

/**
 * Rewrites the model in a pass-through NDJSON stream (Ollama), where every line names it. A
 * chunk whose lines keep their model, starting and ending on a line boundary, goes out as the
 * upstream's own bytes; otherwise its complete lines go out again, each ending in '\n', and a
 * half-received line waits in the splitter for its end.
 */
export class NdjsonModelRewriter implements StreamModelRewriter {
  private aligned = true;

  constructor(
    private readonly format: WireFormat,
    private readonly model: string,
  ) {}

  chunk<Raw extends Uint8Array>(raw: Raw, messages: readonly SseMessage[]): Raw | string {
    const lines = messages.map((m) => this.rewrite(m));
    const startedAligned = this.aligned;
    this.aligned = raw.length === 0 ? startedAligned : raw[raw.length - 1] === 0x0a;
    const changed = lines.some((line, i) => line !== messages[i]!.data);
    if (!changed && startedAligned && this.aligned) return raw;
    return lines.map(formatNdjson).join('');
  }

  end(messages: readonly SseMessage[]): string {
    return messages.map((m) => formatNdjson(this.rewrite(m))).join('');
  }

  private rewrite(message: SseMessage): string {
    const path = streamPath(this.format, message);
    return path ? replaceStringField(message.data, path, this.model) : message.data;
  }
}
