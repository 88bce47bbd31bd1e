import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { assignUsage } from '../formats/canonical.js';
import type { CanonicalError, StreamEvent, Usage, WireFormat } from '../formats/canonical.js';
import type { CodecContext, EncodeResponseContext, StreamEncoder } from '../formats/codec.js';
import { codecs } from '../formats/registry.js';
import { streamSplitter } from '../formats/stream-framing.js';
import type { StreamSplitter } from '../sse/ndjson.js';
import type { BodyCapture } from './body-capture.js';
import { streamModelRewriter } from './model-rewrite.js';

export interface RelayOutcome {
  /** Only the usage fields the upstream actually sent (to tell "0" from "not reported"). */
  reported: Partial<Usage>;
  /** Characters of text, thinking and tool arguments relayed: the basis of an output estimate. */
  outputChars: number;
  /** The upstream finished its stream normally. */
  completed: boolean;
  error?: CanonicalError;
  /** ms from the client's request to the first byte written back. */
  firstByteMs?: number;
  clientGone: boolean;
  /** The gateway failed to translate the stream: its error, not the account's. */
  gatewayFault?: boolean;
}

/** A codec or rewriter threw: the gateway's own bug, not the upstream's. */
class CodecFault extends Error {}

function codecStep<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw new CodecFault('stream translation failed', { cause: err });
  }
}

/**
 * Resolves when a paused response can take more (or is gone). Both listeners go once either
 * fires: a long stream to a slow client waits for drain thousands of times.
 */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Relays an upstream stream to the client event by event, split with the upstream format's
 * framing (SSE, or NDJSON for Ollama; core/formats/stream-framing.ts). When the formats differ
 * each upstream event is decoded and re-encoded at once; in pass-through the upstream bytes go
 * out untouched but for the model name (model-rewrite.ts) and are only decoded alongside for
 * usage and completion. Backpressure from a slow client pauses reading from the upstream. The
 * response is left open for the caller.
 */
export async function relayStream(opts: {
  res: ServerResponse;
  body: Dispatcher.ResponseData['body'];
  upstreamFormat: WireFormat;
  clientFormat: WireFormat;
  ctx: CodecContext;
  encodeCtx: EncodeResponseContext;
  signal: AbortSignal;
  /** performance.now() when the client request arrived. */
  startedAt: number;
  /** Writes the response head; called just before the first byte goes to the client, so an
   * upstream that fails before sending anything can still be replaced by another. */
  begin: () => void;
  /** Body capture for the request log, only when it is on: keeps the first bytes of each side. */
  capture?: BodyCapture | undefined;
  /** Pass-through only: the model name the client asked for, when it is not the upstream's id. */
  clientModel?: string | undefined;
  /**
   * The upstream's bytes suit the client as they are (see UpstreamBodies.answerPassesThrough);
   * by default, when the formats match.
   */
  passthrough?: boolean | undefined;
}): Promise<RelayOutcome> {
  const { res, body, signal } = opts;
  const passthrough = opts.passthrough ?? opts.upstreamFormat === opts.clientFormat;
  const parser = streamSplitter(opts.upstreamFormat);
  const decoder = codecs[opts.upstreamFormat].createStreamDecoder(opts.ctx);
  const encoder: StreamEncoder = codecs[opts.clientFormat].createStreamEncoder(opts.encodeCtx);
  const upstreamTap = opts.capture?.upstreamStream();
  const clientTap = opts.capture?.clientStream();
  const outcome: RelayOutcome = { reported: {}, outputChars: 0, completed: false, clientGone: false };
  const rewriter = passthrough && opts.clientModel !== undefined ? streamModelRewriter(opts.upstreamFormat, opts.clientModel) : undefined;

  // Books decoded events; returns the client bytes they encode to. In pass-through the
  // upstream bytes already carry the events, so only errors the gateway itself detected (a
  // cut stream) are encoded for the client.
  const consume = (events: StreamEvent[], synthesized: boolean): string => {
    let out = '';
    for (const event of events) {
      if (outcome.error || outcome.completed) break;
      if (event.type === 'delta') {
        const d = event.delta;
        if (d.type !== 'signature') {
          const text = d.type === 'arguments' ? d.json : d.text;
          outcome.outputChars += text.length;
          opts.capture?.pushStreamed(text, d.type === 'arguments');
        }
      } else if (event.type === 'usage') {
        assignUsage(outcome.reported, event.usage);
      } else if (event.type === 'error') {
        outcome.error = event.error;
      } else if (event.type === 'end') {
        outcome.completed = true;
      }
      if (!passthrough || (synthesized && event.type === 'error')) out += encoder.push(event);
    }
    return out;
  };

  const write = async (text: string | Buffer): Promise<void> => {
    if (text.length === 0 || res.destroyed) return;
    if (outcome.firstByteMs === undefined) {
      opts.begin();
      outcome.firstByteMs = performance.now() - opts.startedAt;
    }
    clientTap?.push(text);
    if (!res.write(text)) await drained(res);
  };

  const decode = (messages: ReturnType<StreamSplitter['push']>): StreamEvent[] => {
    const events: StreamEvent[] = [];
    for (const message of messages) events.push(...decoder.push(message));
    return events;
  };

  // An error before anything reached the client is not written: the caller may still fall
  // back to another account and the client never notices.
  const failedBeforeStart = () => outcome.error !== undefined && outcome.firstByteMs === undefined;

  try {
    for await (const raw of body) {
      const chunk = raw as Buffer;
      upstreamTap?.push(chunk);
      // One guarded step per chunk: parse, book, and the bytes the client gets.
      const bytes = codecStep(() => {
        const messages = parser.push(chunk);
        const out = consume(decode(messages), false);
        if (passthrough) return rewriter ? rewriter.chunk(chunk, messages) : chunk;
        return out + (encoder.flush?.() ?? '');
      });
      if (failedBeforeStart()) break;
      await write(bytes);
      if (signal.aborted) break;
    }
    if (!signal.aborted && !failedBeforeStart()) {
      const { out, closing } = codecStep(() => {
        const messages = parser.end();
        // In plain pass-through these events' bytes already went out with their chunk.
        return { out: (rewriter ? rewriter.end(messages) : '') + consume(decode(messages), false), closing: consume(decoder.end(), true) };
      });
      if (!failedBeforeStart()) await write(out + closing);
    }
  } catch (err) {
    if (err instanceof CodecFault) {
      // Another account would hit the same bug, so the client hears it at once, as a
      // server error in its own stream format, and no account is blamed.
      const error: CanonicalError = { status: 500, kind: 'api_error', message: 'The gateway failed to translate the upstream stream.' };
      outcome.error = error;
      outcome.gatewayFault = true;
      body.destroy();
      if (!signal.aborted && !outcome.completed) {
        let closing = '';
        try {
          closing = encoder.push({ type: 'error', error });
        } catch {
          // The encoder itself is what broke: the client sees the stream end without an event.
        }
        await write(closing).catch(() => undefined);
      }
      outcome.clientGone = signal.aborted;
      return outcome;
    }
    // The upstream connection failed mid-stream (dropped, idle timeout) or the client left.
    if (!signal.aborted) {
      const closing = consume(decoder.end(), true);
      if (!outcome.error && !outcome.completed) {
        outcome.error = { status: 502, kind: 'api_error', message: 'The upstream connection was lost mid-stream.' };
      }
      if (!outcome.completed && !failedBeforeStart()) await write(closing || encoder.push({ type: 'error', error: outcome.error! }));
    }
  }
  outcome.clientGone = signal.aborted;
  // The caller ends the response once the request is logged.
  return outcome;
}
