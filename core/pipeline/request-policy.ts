import { budgetToEffort } from '../formats/canonical.js';
import type { CanonicalRequest, ReasoningConfig, ReasoningEffort } from '../formats/canonical.js';
import type { ThinkingMode } from '../config/routing-schema.js';

/** Gateway-wide rules applied to every request through the canonical model. */
export interface RequestPolicy {
  systemPrompt?: string;
  thinking?: { mode: ThinkingMode; budgetTokens?: number };
}

export function policyIsActive(policy: RequestPolicy): boolean {
  return policy.systemPrompt !== undefined || (policy.thinking !== undefined && policy.thinking.mode !== 'passthrough');
}

function textSize(request: CanonicalRequest): number {
  let n = 0;
  for (const m of request.messages) for (const p of m.content) if (p.type === 'text') n += p.text.length;
  return n;
}

/** Adaptive: a longer conversation (more code in context) gets more room to think. */
function adaptiveEffort(request: CanonicalRequest): ReasoningEffort {
  const chars = textSize(request);
  if (chars < 2_000) return 'low';
  if (chars < 40_000) return 'medium';
  return 'high';
}

function reasoningFor(request: CanonicalRequest, thinking: NonNullable<RequestPolicy['thinking']>): ReasoningConfig | undefined {
  switch (thinking.mode) {
    case 'passthrough':
      return request.reasoning;
    case 'auto':
      // The client's explicit choice (on or off) stands; silence means medium effort.
      return request.reasoning ?? { enabled: true, effort: 'medium' };
    case 'custom':
      return { ...request.reasoning, enabled: true, budgetTokens: thinking.budgetTokens!, effort: budgetToEffort(thinking.budgetTokens!) };
    case 'adaptive': {
      if (request.reasoning?.enabled === false) return request.reasoning;
      const { budgetTokens: _client, ...rest } = request.reasoning ?? { enabled: true };
      return { ...rest, enabled: true, effort: adaptiveEffort(request) };
    }
  }
}

/** Applies the policy to a decoded request; pure, returns a new request. */
export function applyRequestPolicy(request: CanonicalRequest, policy: RequestPolicy): CanonicalRequest {
  let out = request;
  if (policy.systemPrompt !== undefined) {
    out = { ...out, system: [{ type: 'text', text: policy.systemPrompt }, ...out.system] };
  }
  if (policy.thinking) {
    const reasoning = reasoningFor(out, policy.thinking);
    const { reasoning: _old, ...rest } = out;
    out = reasoning ? { ...rest, reasoning } : rest;
  }
  return out;
}
