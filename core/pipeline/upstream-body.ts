import type { CanonicalError, CanonicalRequest, OllamaEndpoint, WireFormat } from '../formats/canonical.js';
import type { CodecContext } from '../formats/codec.js';
import { codecs } from '../formats/registry.js';
import type { RouteTarget } from '../routing/resolve.js';
import { applyRequestPolicy, policyIsActive } from './request-policy.js';
import type { RequestPolicy } from './request-policy.js';

/** An upstream body, with what translation dropped or changed on the way (empty in pass-through). */
export type Built = { ok: true; body: Record<string, unknown>; warnings: string[] } | { ok: false; error: CanonicalError };

/**
 * Builds upstream bodies for each candidate of one client request. Same format in and out
 * passes the client's body with only the model rewritten (full fidelity); otherwise the
 * client's request is decoded once into the canonical model and encoded per target format.
 */
export class UpstreamBodies {
  private decoded: { ok: true; value: CanonicalRequest } | { ok: false; error: CanonicalError } | undefined;
  /** A gateway policy rewrites requests, so even same-format ones go through canonical. */
  private readonly rewrite: boolean;

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly clientFormat: WireFormat,
    private readonly ctx: CodecContext & { pathModel?: string | undefined; pathStream?: boolean | undefined; ollamaEndpoint?: OllamaEndpoint | undefined },
    private readonly policy: RequestPolicy = {},
  ) {
    this.rewrite = policyIsActive(policy);
  }

  /** The client's request in canonical form, with the gateway's policy applied (decoded once). */
  canonical(): { ok: true; value: CanonicalRequest } | { ok: false; error: CanonicalError } {
    if (!this.decoded) {
      const decoded = codecs[this.clientFormat].decodeRequest(this.body, this.ctx);
      this.decoded = decoded.ok && this.rewrite ? { ok: true, value: applyRequestPolicy(decoded.value, this.policy) } : decoded;
    }
    return this.decoded;
  }

  /** Whether the canonical form was needed (for the response encoder's context). */
  decodedRequest(): CanonicalRequest | undefined {
    return this.decoded?.ok ? this.decoded.value : undefined;
  }

  /**
   * Whether an answer in `upstreamFormat` goes to the client as the upstream sent it (but for
   * the model name). Same format, except Ollama's /api/generate: the gateway calls an Ollama
   * upstream's /api/chat, whose answer is shaped as a chat message, not generate's `response`.
   */
  answerPassesThrough(upstreamFormat: WireFormat): boolean {
    return upstreamFormat === this.clientFormat && this.ctx.ollamaEndpoint !== 'generate';
  }

  for(target: RouteTarget): Built {
    if (this.answerPassesThrough(target.provider.format) && !this.rewrite) {
      return { ok: true, body: this.clientFormat === 'gemini' ? this.body : { ...this.body, model: target.model }, warnings: [] };
    }
    const canonical = this.canonical();
    if (!canonical.ok) return canonical;
    const warnings = [...(canonical.value.warnings ?? [])];
    const body = codecs[target.provider.format].encodeRequest(canonical.value, {
      ...this.ctx,
      model: target.model,
      warn: (message) => warnings.push(message),
    });
    return { ok: true, body, warnings };
  }
}
