/**
 * The bytes the benchmark sends and the fast upstream answers with, built once. Every object
 * is a real wire object (OpenAI Chat completion / chunk, Anthropic message / stream event) so
 * the gateway does its real work on them, not a shortcut for malformed input.
 */

export type BenchFormat = 'openai-chat' | 'anthropic';

/** Content deltas in one benchmark stream, as the issue asks. */
export const STREAM_CHUNKS = 200;

const CREATED = 1_767_225_600;
const REPLY_WORDS = 60;

const SYSTEM_PROMPT =
  'You are a careful senior engineer reviewing a TypeScript service. Answer briefly, cite the file and ' +
  'function you mean, and prefer the smallest change that fixes the problem.';

const USER_PROMPT =
  'The handler below reads the request body, parses it as JSON and forwards it to an upstream provider. ' +
  'Under load the p99 latency doubles while the CPU stays at sixty percent. The upstream answers in under a ' +
  'millisecond and the machine has two cores. What would you measure first, which counters would tell a ' +
  'slow event loop from a slow upstream, and how would you check that the JSON parsing is not the cost? ' +
  'Keep the answer to a short list; mention whether keep-alive to the upstream matters here and why. ' +
  'Also say how you would confirm the fix without a profiler attached to the production process, and ' +
  'which single graph you would put on the dashboard afterwards so a regression shows within a day.';

/** A ~1 KB client request in each format (model filled in per scenario). */
export function requestBody(format: BenchFormat, model: string, stream: boolean): string {
  if (format === 'openai-chat') {
    return JSON.stringify({
      model,
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: USER_PROMPT },
      ],
      max_tokens: 512,
      temperature: 0.2,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
  }
  return JSON.stringify({
    model,
    max_tokens: 512,
    temperature: 0.2,
    system: SYSTEM_PROMPT,
    messages: [{ role: 'user', content: USER_PROMPT }],
    ...(stream ? { stream: true } : {}),
  });
}

/** The headers a client of each format sends (the gateway ignores the key: it has none configured). */
export function clientHeaders(format: BenchFormat): Record<string, string> {
  return format === 'openai-chat'
    ? { 'content-type': 'application/json', authorization: 'Bearer bench-key' }
    : { 'content-type': 'application/json', 'x-api-key': 'bench-key', 'anthropic-version': '2023-06-01' };
}

/** The path of each format's chat endpoint, on the mock and on the gateway alike. */
export function chatPath(format: BenchFormat): string {
  return format === 'openai-chat' ? '/v1/chat/completions' : '/v1/messages';
}

/** The last bytes of a complete stream in each format, so a client can tell it finished. */
export function streamTerminator(format: BenchFormat): string {
  return format === 'openai-chat' ? 'data: [DONE]' : 'message_stop';
}

/**
 * Every reply word starts with this marker, so a client can count the deltas that reached it
 * in any format. `~` never appears in the ids or field names of either format.
 */
export const DELTA_MARKER = '~t';

function word(i: number): string {
  return `${DELTA_MARKER}${i % 97} `;
}

function replyText(): string {
  let text = '';
  for (let i = 0; i < REPLY_WORDS; i++) text += word(i);
  return text;
}

const USAGE = { input: 262, output: REPLY_WORDS };

export function openAiCompletion(model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-bench0001',
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: replyText(), refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output },
    system_fingerprint: null,
  });
}

export function anthropicMessage(model: string): string {
  return JSON.stringify({
    id: 'msg_bench0001',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: replyText() }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: USAGE.input, output_tokens: USAGE.output },
  });
}

/** An OpenAI Chat stream split in its three parts: the opening chunk, one chunk per delta, the close. */
export interface StreamParts {
  head: string;
  delta(i: number): string;
  /** The close; `withUsage` adds the usage chunk OpenAI sends for stream_options.include_usage. */
  tail(withUsage: boolean, outputTokens: number): string;
}

function openAiChunk(model: string, choices: unknown[], usage?: unknown): string {
  const chunk = { id: 'chatcmpl-bench0001', object: 'chat.completion.chunk', created: CREATED, model, choices, ...(usage ? { usage } : {}) };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

export function openAiStreamParts(model: string): StreamParts {
  return {
    head: openAiChunk(model, [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
    delta: (i) => openAiChunk(model, [{ index: 0, delta: { content: word(i) }, logprobs: null, finish_reason: null }]),
    tail(withUsage, outputTokens) {
      let out = openAiChunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
      if (withUsage) {
        out += openAiChunk(model, [], { prompt_tokens: USAGE.input, completion_tokens: outputTokens, total_tokens: USAGE.input + outputTokens });
      }
      return out + 'data: [DONE]\n\n';
    },
  };
}

function anthropicEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

export function anthropicStreamParts(model: string): StreamParts {
  const message = {
    id: 'msg_bench0001',
    type: 'message',
    role: 'assistant',
    model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: USAGE.input, output_tokens: 1 },
  };
  return {
    head:
      anthropicEvent('message_start', { message }) +
      anthropicEvent('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
      anthropicEvent('ping', {}),
    delta: (i) => anthropicEvent('content_block_delta', { index: 0, delta: { type: 'text_delta', text: word(i) } }),
    tail: (_withUsage, outputTokens) =>
      anthropicEvent('content_block_stop', { index: 0 }) +
      anthropicEvent('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens } }) +
      anthropicEvent('message_stop', {}),
  };
}

export function streamParts(format: BenchFormat, model: string): StreamParts {
  return format === 'openai-chat' ? openAiStreamParts(model) : anthropicStreamParts(model);
}
