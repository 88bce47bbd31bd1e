/**
 * The outbound proxy, as the control contract carries it: HTTP(S) or SOCKS5, set for every
 * upstream call, for one provider's accounts or for one account (the narrowest wins), and the
 * hosts that always go direct. Passwords travel in on a set and never out: views show ***.
 */
import { z } from 'zod';

/** Where a proxy applies: every upstream call, one provider's accounts, or one account. */
export const ProxyScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('global') }),
  z.strictObject({ kind: z.literal('provider'), id: z.string().min(1).max(200) }),
  z.strictObject({ kind: z.literal('connection'), id: z.string().min(1).max(200) }),
]);
export type ProxyScope = z.infer<typeof ProxyScope>;

export const NetworkView = z.object({
  global: z.string().nullable(),
  /** Provider id -> proxy URL. */
  providers: z.record(z.string(), z.string()),
  /** Connection id -> proxy URL. */
  connections: z.record(z.string(), z.string()),
  noProxy: z.string(),
  /** What the process environment sets (HTTPS_PROXY / ALL_PROXY, NO_PROXY), used when the settings say nothing. */
  environment: z.object({ proxy: z.string().nullable(), noProxy: z.string().nullable() }),
});
export type NetworkView = z.infer<typeof NetworkView>;

export const SetProxyInput = z.strictObject({
  scope: ProxyScope,
  /** The proxy URL (credentials included, kept in the secret store), or null to clear. */
  url: z.string().max(2000).nullable(),
});

export const SetNoProxyInput = z.strictObject({ noProxy: z.string().max(4000) });
