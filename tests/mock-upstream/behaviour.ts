/**
 * The mock's deterministic "model". Every format handler reduces its request to a
 * Conversation; these rules turn it into a Reply, so all four formats answer alike:
 *
 * 0. A coding-agent task ("read the file(s) <absolute paths>", see agent-task.ts) comes
 *    first: call the agent's read tool for the next unread file (arguments streamed in 3
 *    pieces); once every file has a tool result, answer `Tool said: <results joined " | ">`.
 * 1. The last user turn holds tool results -> text `Tool said: <result text>` (several
 *    results joined with " | "; a Gemini functionResponse is JSON.stringify(response)).
 * 2. Else it holds an image -> `I see an image (<mediaType>, <n> bytes)` with n the decoded
 *    base64 length, or `I see an image (url)` for URL images.
 * 3. Else tools were given (and tool use is not switched off) and the last user text has the
 *    word "weather" -> call the FIRST tool with arguments exactly {"city":"Paris","unit":"celsius"},
 *    streamed in 4 pieces; stop reason is the format's tool-call reason.
 * 4. Else -> `Hello! You said: <last user text>` (text parts of the last user turn joined with "\n").
 * 5. Reasoning requested -> reasoning text `Let me think about this.` before the answer.
 * 6. Usage: input = whitespace-separated words over system, message and tool-result text
 *    (an image counts 85) + 10; cached = floor(input / 4) when input >= 8 else 0;
 *    output = words of the reply text (a tool call counts 5) + reasoning; reasoning = 5 when
 *    reasoning was produced. With a prompt-cache breakpoint (Anthropic cache_control), the
 *    part of the prompt not read from the cache is written to it up to the breakpoint:
 *    cacheWrite = floor((input - cached) / 2).
 */
import { wordsIn } from './narrow.js';
import { agentTask, type AgentTask } from './agent-task.js';
import type { Conversation, NeutralUsage, Reply } from './types.js';

export const REASONING_TEXT = 'Let me think about this.';
export const WEATHER_ARGUMENTS = '{"city":"Paris","unit":"celsius"}';
const WEATHER_PIECES = ['{"city":', '"Paris",', '"unit":', '"celsius"}'];
const IMAGE_TOKENS = 85;
const TOOL_CALL_TOKENS = 5;
const REASONING_TOKENS = 5;

export function inputTokens(conversation: Conversation): number {
  const words = conversation.texts.reduce((sum, t) => sum + wordsIn(t), 0);
  return words + conversation.images * IMAGE_TOKENS + 10;
}

/** The usage figures every reply shares: input, the part of it read from the cache, and reasoning. */
function promptUsage(conversation: Conversation): { input: number; cached: number; reasoning: number; reasoningText?: string } {
  const input = inputTokens(conversation);
  const cached = input >= 8 ? Math.floor(input / 4) : 0;
  const reasoningText = conversation.reasoning ? REASONING_TEXT : undefined;
  return { input, cached, reasoning: reasoningText ? REASONING_TOKENS : 0, reasoningText };
}

function replyText(conversation: Conversation): string | undefined {
  const turn = conversation.lastTurn;
  if (turn.toolResults.length > 0) return `Tool said: ${turn.toolResults.join(' | ')}`;
  if (turn.image) {
    return 'url' in turn.image
      ? 'I see an image (url)'
      : `I see an image (${turn.image.mediaType}, ${turn.image.bytes} bytes)`;
  }
  if (conversation.firstTool !== undefined && /\bweather\b/i.test(turn.text)) return undefined;
  return `Hello! You said: ${turn.text}`;
}

/** `extraWords` lengthens a text reply (slow-stream faults) so a stream lasts long enough. */
export function decide(conversation: Conversation, extraWords = 0): Reply {
  const { input, cached, reasoning: reasoningTokens, reasoningText: reasoning } = promptUsage(conversation);
  const written = conversation.cacheControl ? { cacheWrite: Math.floor((input - cached) / 2) } : {};
  const text = replyText(conversation);
  if (text === undefined && conversation.firstTool !== undefined) {
    const usage: NeutralUsage = { input, cached, reasoning: reasoningTokens, output: TOOL_CALL_TOKENS + reasoningTokens, ...written };
    return {
      reasoning,
      toolCall: { name: conversation.firstTool, arguments: WEATHER_ARGUMENTS, argumentPieces: [...WEATHER_PIECES] },
      usage,
    };
  }
  const full = (text ?? '') + ' tick'.repeat(extraWords);
  return {
    reasoning,
    text: full,
    usage: { input, cached, reasoning: reasoningTokens, output: wordsIn(full) + reasoningTokens, ...written },
  };
}

/**
 * Rule 0: the next step of a coding-agent task, or undefined when no offered tool can do it.
 * Unlike `decide`, its usage has no cacheWrite even when the request set cache_control (as
 * Claude Code's requests do): the agent step has never reported one, and giving it one would
 * change what the agent tests see, a behaviour change of its own rather than part of sharing
 * these figures. Whether it should is left open.
 */
export function decideAgentStep(conversation: Conversation, task: AgentTask): Reply | undefined {
  const { input, cached, reasoning: reasoningTokens, reasoningText: reasoning } = promptUsage(conversation);
  if (task.nextCall) {
    const args = task.nextCall.arguments;
    const third = Math.ceil(args.length / 3);
    const argumentPieces = [args.slice(0, third), args.slice(third, 2 * third), args.slice(2 * third)];
    return {
      reasoning,
      toolCall: { name: task.nextCall.name, arguments: args, argumentPieces },
      usage: { input, cached, reasoning: reasoningTokens, output: TOOL_CALL_TOKENS + reasoningTokens },
    };
  }
  if (task.results.length < task.files.length) return undefined;
  const text = `Tool said: ${task.results.join(' | ')}`;
  return { reasoning, text, usage: { input, cached, reasoning: reasoningTokens, output: wordsIn(text) + reasoningTokens } };
}

/** The reply every format gives: the coding-agent step when the prompt asks for one, else rules 1-6. */
export function replyTo(conversation: Conversation, extraWords = 0): Reply {
  const task = agentTask(conversation);
  return (task && decideAgentStep(conversation, task)) ?? decide(conversation, extraWords);
}
