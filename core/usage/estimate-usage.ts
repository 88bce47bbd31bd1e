import type { Usage } from '../formats/canonical.js';
import { tokensForChars } from '../pipeline/estimate-tokens.js';


export interface StreamUsageInput {
  /** The usage fields the upstream sent, however few. */
  reported: Partial<Usage>;
  /** The upstream finished its stream: what it reported is its final count. */
  final: boolean;
  /** Characters of text, thinking and tool arguments relayed to the client. */
  outputChars: number;
  /** The prompt's tokens estimated from the client's request; only called when needed. */
  estimateInput(): number;
}

/**
 * The usage to book for a relayed stream. Counts the upstream sent win; what it did not send
 * is estimated, and so is the output of a stream cut short, whose last reported output count
 * (Anthropic's message_start says 1) is older than the text relayed since.
 */
export function streamUsage(input: StreamUsageInput): { usage: Usage; estimated: boolean } {
  const { reported } = input;
  let estimated = false;
  let inputTokens = reported.inputTokens;
  if (inputTokens === undefined) {
    inputTokens = input.estimateInput();
    estimated = true;
  }
  const fromText = tokensForChars(input.outputChars);
  let outputTokens = reported.outputTokens;
  if (outputTokens === undefined || (!input.final && fromText > outputTokens)) {
    outputTokens = Math.max(outputTokens ?? 0, fromText);
    estimated = true;
  }
  const usage: Usage = { ...reported, inputTokens, outputTokens };
  return { usage, estimated };
}
