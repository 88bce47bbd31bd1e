import { randomBytes } from 'node:crypto';
import { assertValidRef, type SecretStore } from './secret-store.js';

/** The part of keytar's API the store uses; tests pass their own. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export type KeychainLoad = { ok: true; backend: KeychainBackend } | { ok: false; reason: string };

/**
 * keytar is an optional native dependency: it may be absent (the build failed) or load and
 * still have no keychain behind it (no D-Bus Secret Service on a headless Linux box).
 */
export async function loadKeytar(): Promise<KeychainLoad> {
  try {
    const mod = await import('keytar');
    // keytar is CommonJS: under ESM its functions sit on the default export.
    const api = mod.default ?? mod;
    return { ok: true, backend: api };
  } catch (error) {
    return { ok: false, reason: `keytar cannot be loaded: ${describe(error)}` };
  }
}

export function createKeychainStore(opts: { backend: KeychainBackend; service: string }): SecretStore {
  const { backend, service } = opts;
  return {
    kind: 'keychain',
    async get(ref) {
      assertValidRef(ref);
      return backend.getPassword(service, ref);
    },
    async set(ref, value) {
      assertValidRef(ref);
      if (typeof value !== 'string') throw new TypeError('a secret must be a string');
      await backend.setPassword(service, ref, value);
    },
    async delete(ref) {
      assertValidRef(ref);
      await backend.deletePassword(service, ref);
    },
  };
}

/**
 * Stores, reads back and deletes a throwaway entry. Loading keytar proves nothing on Linux:
 * the Secret Service may be missing, or its keyring locked with no one there to unlock it.
 */
export async function probeKeychain(opts: {
  backend: KeychainBackend;
  service: string;
  timeoutMs?: number;
}): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { backend, service } = opts;
  const account = `probe-${randomBytes(6).toString('hex')}`;
  const value = randomBytes(16).toString('hex');
  const attempt = async (): Promise<void> => {
    await backend.setPassword(service, account, value);
    const read = await backend.getPassword(service, account);
    await backend.deletePassword(service, account);
    if (read !== value) throw new Error('the keychain returned a different value than was stored');
  };
  let timer: NodeJS.Timeout | undefined;
  // A keyring that wants to show an unlock prompt can leave the call pending forever.
  const timeout = new Promise<never>((_, reject) => {
    // Not unref'd: start-up must wait for the answer, and the timer is cleared right after.
    timer = setTimeout(() => reject(new Error('the keychain did not answer in time')), opts.timeoutMs ?? 5_000);
  });
  try {
    await Promise.race([attempt(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `the keychain does not work: ${describe(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
