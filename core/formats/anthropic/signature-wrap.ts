import { z } from 'zod';
import { WIRE_FORMATS, type WireFormat } from '../canonical.js';

/**
 * Anthropic clients (Claude Code, the SDK) expect every thinking block to carry a
 * signature and echo it back on the next turn. A thinking block that came from another
 * provider gets a gateway-made signature that records where it came from, so the next
 * request can route its real signature (if any) back to that provider:
 *   `or1.` + base64url(JSON {"o": origin, "s": signature or ""})
 */
const PREFIX = 'or1.';

const wrappedSchema = z.object({
  o: z.enum(WIRE_FORMATS as [WireFormat, ...WireFormat[]]).optional(),
  s: z.string().optional(),
});

export function wrapSignature(origin: WireFormat | undefined, signature: string | undefined): string {
  // JSON.stringify leaves out `o` when the origin is unknown.
  return PREFIX + Buffer.from(JSON.stringify({ o: origin, s: signature ?? '' })).toString('base64url');
}

export interface ClientSignature {
  signature?: string;
  origin?: WireFormat;
}

/**
 * Reads a signature a client sent back: gateway-wrapped ones name their origin; anything
 * else was issued by Anthropic itself.
 */
export function unwrapSignature(signature: string | undefined): ClientSignature {
  if (signature === undefined || signature === '') return { origin: 'anthropic' };
  if (signature.startsWith(PREFIX)) {
    const parsed = parseWrapped(signature.slice(PREFIX.length));
    if (parsed !== undefined) {
      const out: ClientSignature = {};
      if (parsed.s !== undefined && parsed.s !== '') out.signature = parsed.s;
      if (parsed.o !== undefined) out.origin = parsed.o;
      return out;
    }
  }
  return { signature, origin: 'anthropic' };
}

function parseWrapped(encoded: string): z.infer<typeof wrappedSchema> | undefined {
  try {
    const json: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    const result = wrappedSchema.safeParse(json);
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
