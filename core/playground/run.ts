/**
 * One playground run: a client request handed to the pipeline exactly as the HTTP server
 * hands it a client's (pipeline/chat.ts handleChat, the gateway's own router, upstream
 * client and booking), so it is routed, fails over, is counted against budgets and lands in
 * the request log like any other. Only three things are added around it, all observation:
 * the response is a sink whose bytes are read for the live text (response-sink.ts), the
 * attempts are watched (attempt-log.ts), and the bodies are captured for this run even when
 * the request log captures none (then they are shown, not logged).
 */
import type { ChatDeps } from '../pipeline/chat.js';
import { handleChat } from '../pipeline/chat.js';
import type { CapturedBody, CapturedBodyKind } from '../pipeline/body-capture.js';
import type { RequestRecord } from '../pipeline/request-record.js';
import { cutUtf8 } from '../usage/redact.js';
import {
  PLAYGROUND_BODY_LIMIT,
  type PlaygroundBody,
  type PlaygroundProgress,
  type PlaygroundResult,
  type PlaygroundSendInput,
} from '../control/playground-contract.js';
import { AnswerReader, type AnswerText } from './answer-reader.js';
import { AttemptLog } from './attempt-log.js';
import type { ClientRequest } from './client-request.js';
import { PlaygroundResponse } from './response-sink.js';

export interface RunDeps {
  /** The gateway's request handling, as it stands when the run starts. */
  chat: ChatDeps;
  /** Every key the gateway knows, redacted from what the run shows. */
  secrets: readonly string[];
  emit(progress: PlaygroundProgress): void;
}

export interface RunStart {
  input: PlaygroundSendInput;
  request: ClientRequest;
  requestId: string;
  /** Unix ms, and performance.now(), when the run was asked for. */
  ts: number;
  startedAt: number;
}

export interface PlaygroundRun {
  /** Settles once the run's last event was emitted; never rejects. */
  finished: Promise<void>;
  /** Stops the run as a client hanging up would (the log books a 499). */
  stop(): void;
}

export function startRun(deps: RunDeps, start: RunStart): PlaygroundRun {
  const { input, request, requestId } = start;
  const { runId } = input;
  const attempts = new AttemptLog(deps.secrets);
  const logCaptures = deps.chat.capture !== undefined;
  let record: RequestRecord | undefined;
  const chat: ChatDeps = {
    ...deps.chat,
    router: attempts.router(deps.chat.router),
    upstream: attempts.upstream(deps.chat.upstream),
    // The log's own capture when it keeps bodies (the log row gets them as usual), else one for this run alone.
    capture: deps.chat.capture ?? { limitBytes: PLAYGROUND_BODY_LIMIT, secrets: () => deps.secrets },
    onFinished(booked) {
      record = { ...booked };
      // Captured for the playground only: a log set not to keep bodies does not get them.
      if (!logCaptures) delete booked.bodies;
      return deps.chat.onFinished(booked);
    },
  };
  const reader = new AnswerReader(request.format, { requestId, now: start.ts }, () => input.stream && sink.statusCode < 400);
  const sink = new PlaygroundResponse({}, (chunk) => {
    for (const delta of reader.push(chunk)) deps.emit({ runId, kind: 'delta', ...delta });
  });

  const finished = handleChat(chat, {
    req: sink.request,
    res: sink,
    format: request.format,
    ...(request.pathModel !== undefined ? { pathModel: request.pathModel, pathStream: request.pathStream } : {}),
    requestId,
    body: request.body,
    startedAt: start.startedAt,
    ts: start.ts,
  }).then(
    () => {
      if (!record) throw new Error('the pipeline ended without booking the request');
      deps.emit({ runId, kind: 'done', result: resultOf(input, record, reader.finish(), attempts) });
    },
  ).catch((error: unknown) => {
    process.emitWarning(`omniroute: a playground run failed: ${error instanceof Error ? error.message : String(error)}`);
    deps.emit({ runId, kind: 'error', message: 'The gateway failed to run this request; see its log for details.' });
  });
  return { finished, stop: () => sink.stop() };
}

function resultOf(input: PlaygroundSendInput, record: RequestRecord, answer: AnswerText, attempts: AttemptLog): PlaygroundResult {
  const body = (kind: CapturedBodyKind): PlaygroundBody | null => bounded(record.bodies?.find((b) => b.kind === kind));
  return {
    requestId: record.id,
    format: input.format,
    model: input.model,
    stream: input.stream,
    status: record.status,
    errorCode: record.errorCode ?? null,
    provider: record.providerId ?? null,
    upstreamModel: record.upstreamModel ?? null,
    upstreamFormat: record.upstreamFormat ?? null,
    latencyMs: record.latencyMs,
    ttftMs: record.ttftMs ?? null,
    usage: record.usage
      ? { inputTokens: record.usage.inputTokens, outputTokens: record.usage.outputTokens, estimated: record.usageEstimated === true }
      : null,
    costUsd: record.costUsd ?? null,
    warnings: record.warnings ?? [],
    text: answer.text,
    thinking: answer.thinking,
    textTruncated: answer.truncated,
    upstreamRequest: body('upstream_request'),
    upstreamResponse: body('upstream_response'),
    clientResponse: body('client_response'),
    attempts: attempts.list(),
  };
}

/** The log's capture may keep more than the playground shows. */
function bounded(captured: CapturedBody | undefined): PlaygroundBody | null {
  if (!captured) return null;
  const body = cutUtf8(captured.body, PLAYGROUND_BODY_LIMIT);
  return { body, truncated: captured.truncated || body.length < captured.body.length };
}
