import { z } from 'zod';
import { WIRE_FORMATS, type WireFormat } from './canonical.js';

/**
 * Reasoning signatures are opaque and only valid at the provider that issued them, yet
 * clients echo back whatever they were given in their own format's signature field
 * (Anthropic thinking signatures, Gemini thoughtSignature). When that field has to hold a
 * signature from another provider, or stand in for one that never existed, the gateway
 * puts a value there that records where it came from, so the next request can route the
 * real signature (if any) back to that provider and drop it elsewhere:
 *   `or1.` + base64url(JSON {"o": origin, "s": signature or "", "t"?: text})
 * `t` is the reasoning text the signature is bound to, for fields that sit on a part which
 * cannot show that text (a Gemini functionCall carrying the thinking before it).
 */
const PREFIX = 'or1.';

const wrappedSchema = z.object({
  o: z.enum(WIRE_FORMATS as [WireFormat, ...WireFormat[]]).optional(),
  s: z.string().optional(),
  t: z.string().optional(),
});

export interface ClientSignature {
  signature?: string;
  origin?: WireFormat;
  /** The reasoning text carried with the signature, when the wrapper holds one. */
  text?: string;
}

export function wrapSignature(origin: WireFormat | undefined, signature: string | undefined, text?: string): string {
  // JSON.stringify leaves out `o` when the origin is unknown and `t` when there is no text.
  return PREFIX + Buffer.from(JSON.stringify({ o: origin, s: signature ?? '', t: text })).toString('base64url');
}

/**
 * Whether `part` holds a real signature from a provider other than `home`: one a `home`
 * client can only carry back wrapped (an empty signature is no signature).
 */
export function isForeignSignature(part: { signature?: string | undefined; origin?: WireFormat | undefined }, home: WireFormat): boolean {
  return part.origin !== home && part.signature !== undefined && part.signature !== '';
}

/** Reads a gateway-made value; undefined when `value` is not one (a provider's own signature). */
export function readWrappedSignature(value: string): ClientSignature | undefined {
  if (!value.startsWith(PREFIX)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(value.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = wrappedSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const out: ClientSignature = {};
  if (parsed.data.s !== undefined && parsed.data.s !== '') out.signature = parsed.data.s;
  if (parsed.data.o !== undefined) out.origin = parsed.data.o;
  if (parsed.data.t !== undefined) out.text = parsed.data.t;
  return out;
}
