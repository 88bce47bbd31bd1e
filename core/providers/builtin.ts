import type { ProviderDescriptor } from './types.js';
import { anthropic } from './anthropic.js';
import { cerebras } from './cerebras.js';
import { deepseek } from './deepseek.js';
import { fireworks } from './fireworks.js';
import { gemini } from './gemini.js';
import { glm } from './glm.js';
import { groq } from './groq.js';
import { kimi } from './kimi.js';
import { minimax } from './minimax.js';
import { mistral } from './mistral.js';
import { nvidia } from './nvidia.js';
import { openai } from './openai.js';
import { openrouter } from './openrouter.js';
import { together } from './together.js';
import { xai } from './xai.js';

/** Every provider the gateway knows without configuration, keyed by id. */
export const BUILTIN_PROVIDERS: Readonly<Record<string, ProviderDescriptor>> = Object.freeze(
  Object.fromEntries(
    [openai, anthropic, gemini, deepseek, groq, xai, mistral, openrouter, nvidia, together, fireworks, cerebras, glm, minimax, kimi].map(
      (p) => [p.id, p],
    ),
  ),
);
