/**
 * The gateway the CLI matrix drives: the e2e harness (one strict mock upstream per wire
 * format) with one alias per upstream, so each tool asks for a plain model name and the
 * gateway picks the upstream format, and a gateway key, so each tool's own way of sending
 * a key is exercised too.
 */
import { startHarness, UPSTREAMS, type Harness, type HarnessFormat } from '../e2e/harness.js';

export const CLI_GATEWAY_KEY = 'cli-matrix-gateway-key';

/** The alias a tool asks for to reach each upstream format. */
export const MODEL_FOR: Record<HarnessFormat, string> = {
  'openai-chat': 'cli-chat-model',
  'openai-responses': 'cli-responses-model',
  anthropic: 'cli-claude-model',
  gemini: 'cli-gemini-model',
};

/** A combo of one member on one account: a rate limit on it leaves nowhere to fall back to. */
export const SINGLE_ACCOUNT_COMBO = 'cli-single-account-combo';

export function startCliHarness(): Promise<Harness> {
  const aliases = Object.entries(MODEL_FOR).map(([format, alias]) => `  ${alias}: ${UPSTREAMS[format as HarnessFormat].model}`);
  const extraConfig = [
    'aliases:',
    ...aliases,
    'combos:',
    `  - name: ${SINGLE_ACCOUNT_COMBO}`,
    `    members: [{ model: ${UPSTREAMS.anthropic.model} }]`,
    'server:',
    '  apiKeys:',
    `    - { key: ${CLI_GATEWAY_KEY}, label: cli-matrix }`,
    '',
  ].join('\n');
  // The recorded fixtures carry the mock's thought signatures; a fixed secret keeps them
  // valid when they are replayed against a later mock.
  return startHarness({ extraConfig, mockSigningSecret: 'cli-matrix-fixed-signing-secret' });
}

/** A word that appears nowhere but where the test put it. */
export function uniqueWord(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

const CHAT_PATH = /\/v1\/messages(\?|$)|\/chat\/completions|\/responses(\?|$)|:(streamGenerateContent|generateContent)\b/;

/** Whether a recorded call went to a model endpoint (not a model list or a token count). */
export function isChatCall(path: string): boolean {
  return CHAT_PATH.test(path);
}
