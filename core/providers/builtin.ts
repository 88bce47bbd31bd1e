import type { ProviderDescriptor } from './types.js';
import { anthropic } from './anthropic.js';
import { cerebras } from './cerebras.js';
import { chutes } from './chutes.js';
import { cohere } from './cohere.js';
import { deepinfra } from './deepinfra.js';
import { deepseek } from './deepseek.js';
import { featherless } from './featherless.js';
import { fireworks } from './fireworks.js';
import { gemini } from './gemini.js';
import { github } from './github.js';
import { glm } from './glm.js';
import { groq } from './groq.js';
import { huggingface } from './huggingface.js';
import { hyperbolic } from './hyperbolic.js';
import { jina } from './jina.js';
import { kimi } from './kimi.js';
import { llamacpp } from './llamacpp.js';
import { lmstudio } from './lmstudio.js';
import { minimax } from './minimax.js';
import { mistral } from './mistral.js';
import { nebius } from './nebius.js';
import { novita } from './novita.js';
import { nvidia } from './nvidia.js';
import { ollama } from './ollama.js';
import { openai } from './openai.js';
import { openrouter } from './openrouter.js';
import { qwen } from './qwen.js';
import { sambanova } from './sambanova.js';
import { scaleway } from './scaleway.js';
import { siliconflow } from './siliconflow.js';
import { together } from './together.js';
import { vllm } from './vllm.js';
import { voyage } from './voyage.js';
import { xai } from './xai.js';

/** Every provider the gateway knows without configuration, keyed by id. */
export const BUILTIN_PROVIDERS: Readonly<Record<string, ProviderDescriptor>> = Object.freeze(
  Object.fromEntries(
    [
      openai,
      anthropic,
      gemini,
      deepseek,
      groq,
      xai,
      mistral,
      openrouter,
      nvidia,
      together,
      fireworks,
      cerebras,
      glm,
      minimax,
      kimi,
      qwen,
      cohere,
      sambanova,
      github,
      huggingface,
      deepinfra,
      hyperbolic,
      novita,
      nebius,
      siliconflow,
      chutes,
      scaleway,
      featherless,
      jina,
      voyage,
      ollama,
      lmstudio,
      llamacpp,
      vllm,
    ].map((p) => [p.id, p]),
  ),
);

/** The built-in model servers on this machine: their accounts need no key. */
export const LOCAL_PROVIDER_IDS: readonly string[] = Object.values(BUILTIN_PROVIDERS)
  .filter((p) => p.local)
  .map((p) => p.id);
