import type { CanonicalError, WireFormat } from '../formats/canonical.js';
import { codecs } from '../formats/registry.js';
import { cutUtf8, redactCapped, redactText } from '../usage/redact.js';

const WHOLE_BODY_MAX = 1024 * 1024;

/** What is stored instead of a streamed body whose content, joined, held a credential. */
export const WITHHELD_STREAM =
  '[withheld: the streamed content carried a credential split across events, which redacting each event cannot remove]';

export type CapturedBodyKind = 'client_request' | 'upstream_request' | 'upstream_response' | 'client_response';

/** One body of a request as stored: redacted, and cut at the configured cap. */
export interface CapturedBody {
  kind: CapturedBodyKind;
  body: string;
  truncated: boolean;
}

export interface BodyCaptureOptions {
  /** Bytes kept of each body. */
  limitBytes: number;
  /** Known secrets (account API keys, gateway keys), replaced wherever they occur. */
  secrets: readonly string[];
}

/**
 * Keeps the first bytes of one streamed body side and only counts the rest, so a long
 * stream never sits in memory. A little more than the cap is kept, enough to see whole any
 * secret that starts before the cap.
 */
export class StreamTap {
  readonly chunks: Buffer[] = [];
  private size = 0;
  more = false;

  constructor(private readonly keep: number) {}

  push(chunk: Buffer | string): void {
    if (this.size >= this.keep) {
      this.more = true;
      return;
    }
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const room = this.keep - this.size;
    if (buf.length > room) {
      // A copy, so the rest of a large chunk is not held by the view.
      this.chunks.push(Buffer.from(buf.subarray(0, room)));
      this.size = this.keep;
      this.more = true;
      return;
    }
    this.chunks.push(buf);
    this.size += buf.length;
  }
}

type Side = { text: string } | StreamTap;

/**
 * The four bodies of one client request. Created only when capture is on; the pipeline
 * passes `undefined` otherwise, so the hot path does no extra work per chunk.
 */
export class BodyCapture {
  private readonly keep: number;
  private clientRequest: Side | undefined;
  private upstreamRequest: Side | undefined;
  private upstreamResponse: Side | undefined;
  private clientResponse: Side | undefined;
  /** The streamed content (text, thinking, tool arguments) as the relay decoded it, up to `keep`. */
  private streamed = '';
  private streamedArguments = '';

  constructor(private readonly opts: BodyCaptureOptions) {
    const longestSecret = opts.secrets.reduce((n, s) => Math.max(n, Buffer.byteLength(s, 'utf8')), 0);
    this.keep = opts.limitBytes + Math.min(longestSecret, 4096);
  }

  setClientRequest(text: string): void {
    this.clientRequest = { text };
  }

  /** A new upstream attempt: what an earlier, failed one captured is replaced. */
  startAttempt(upstreamRequest: string): void {
    this.upstreamRequest = { text: upstreamRequest };
    this.upstreamResponse = undefined;
  }

  setUpstreamResponse(text: string): void {
    this.upstreamResponse = { text };
  }

  setClientResponse(text: string): void {
    this.clientResponse = { text };
  }

  /** The error body the client gets, as sendError encodes it. */
  setClientError(format: WireFormat, error: CanonicalError): void {
    this.clientResponse = { text: JSON.stringify(codecs[format].encodeError(error).body) };
  }

  /**
   * Content the relay decoded from the stream. A model streams a few characters per event,
   * so a key it repeats is never whole in one SSE line; joined here, it is.
   */
  pushStreamed(text: string, isArguments: boolean): void {
    if (isArguments) {
      if (this.streamedArguments.length < this.keep) this.streamedArguments += text;
    } else if (this.streamed.length < this.keep) this.streamed += text;
  }

  /**
   * Whether the streamed content holds a credential that redacting the stored events one by
   * one would miss: a known key that is whole in the joined content but in no single stored
   * event, or a credential field in streamed tool arguments (split across argument deltas).
   */
  private streamedCredential(): boolean {
    const { secrets } = this.opts;
    if (this.streamedArguments !== '' && redactText(this.streamedArguments, []) !== this.streamedArguments) return true;
    const joined = this.streamed + this.streamedArguments;
    const present = secrets.filter((s) => s.length > 0 && joined.includes(s));
    if (present.length === 0) return false;
    const raw = this.upstreamResponse instanceof StreamTap ? Buffer.concat(this.upstreamResponse.chunks).toString('utf8') : '';
    return present.some((s) => !raw.includes(s) && !raw.includes(JSON.stringify(s).slice(1, -1)));
  }

  upstreamStream(): StreamTap {
    const tap = new StreamTap(this.keep);
    this.upstreamResponse = tap;
    return tap;
  }

  clientStream(): StreamTap {
    const tap = new StreamTap(this.keep);
    this.clientResponse = tap;
    return tap;
  }

  // A whole body is redacted whole (JSON parsed, any value type), unless it is so large
  // that parsing it would hold the event loop: then only the kept part is, like a stream.
  private capText(text: string) {
    const { limitBytes, secrets } = this.opts;
    if (text.length <= WHOLE_BODY_MAX) return redactCapped({ chunks: [text], more: false, limitBytes, secrets });
    return redactCapped({ chunks: [cutUtf8(text, this.keep)], more: true, limitBytes, secrets });
  }

  /** Redacts and cuts what was captured. */
  finish(): CapturedBody[] {
    const out: CapturedBody[] = [];
    const withhold = this.streamedCredential();
    const add = (kind: CapturedBodyKind, side: Side | undefined): void => {
      if (!side) return;
      if (withhold && side instanceof StreamTap) {
        out.push({ kind, body: WITHHELD_STREAM, truncated: false });
        return;
      }
      const capped =
        side instanceof StreamTap
          ? redactCapped({ chunks: side.chunks, more: side.more, limitBytes: this.opts.limitBytes, secrets: this.opts.secrets })
          : this.capText(side.text);
      out.push({ kind, ...capped });
    };
    add('client_request', this.clientRequest);
    add('upstream_request', this.upstreamRequest);
    add('upstream_response', this.upstreamResponse);
    add('client_response', this.clientResponse);
    return out;
  }
}
