/**
 * Every gateway API key the gateway accepts on its model routes: the config file's (hashed
 * at load) and those made in the app (stored hashed). With none at all the model routes are
 * open, as before any key was made; once one exists, every request needs one. Keys are
 * compared by hash in constant time, so neither memory nor timing gives one away.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { StoredGatewayKey } from '../store/index.js';

export interface KeyOwner {
  label: string;
  /** Model patterns the key may use; empty = every model. */
  scopes: readonly string[];
}

export interface GatewayKeyring {
  required(): boolean;
  /** The owner of the presented key when it is valid now (not revoked, not expired). */
  identify(presented: string | undefined, now: number): KeyOwner | undefined;
  /** Swaps in the stored keys after a change. */
  setStored(keys: readonly StoredGatewayKey[]): void;
}

export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

interface Entry {
  hash: Buffer;
  owner: KeyOwner;
  expiresAt: number | null;
}

export function createGatewayKeyring(fileKeys: ReadonlyArray<{ key: string; label: string }>): GatewayKeyring {
  const fromFile: Entry[] = fileKeys.map((k) => ({ hash: Buffer.from(keyHash(k.key), 'hex'), owner: { label: k.label, scopes: [] }, expiresAt: null }));
  let stored: Entry[] = [];
  return {
    required: () => fromFile.length > 0 || stored.length > 0,
    identify(presented, now) {
      if (!presented) return undefined;
      const d = Buffer.from(keyHash(presented), 'hex');
      // Every entry is compared (no early exit), so the time says nothing about which matched.
      let found: Entry | undefined;
      for (const e of fromFile) if (timingSafeEqual(e.hash, d)) found ??= e;
      for (const e of stored) if (timingSafeEqual(e.hash, d)) found ??= e;
      if (!found || (found.expiresAt !== null && now >= found.expiresAt)) return undefined;
      return found.owner;
    },
    setStored(keys) {
      stored = keys
        .filter((k) => k.revokedAt === null)
        .map((k) => ({ hash: Buffer.from(k.hash, 'hex'), owner: { label: k.label, scopes: k.scopes }, expiresAt: k.expiresAt }));
    },
  };
}

/**
 * Whether `model` (as the client asked for it: an alias, a combo or provider/model) is in the
 * scopes. "openai/*" covers every model of that prefix; anything else is an exact name.
 */
export function modelInScopes(model: string, scopes: readonly string[]): boolean {
  if (scopes.length === 0) return true;
  return scopes.some((s) => (s.endsWith('/*') ? model.startsWith(s.slice(0, -1)) : s === model));
}
