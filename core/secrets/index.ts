import { openEncryptedFileStore } from './encrypted-file-store.js';
import { createKeychainStore, loadKeytar, probeKeychain, type KeychainBackend } from './keychain-store.js';
import { resolveSecretKey, SECRET_KEY_ENV } from './secret-key.js';
import type { SecretStore } from './secret-store.js';

export { SECRETS_FILE_NAME, openEncryptedFileStore } from './encrypted-file-store.js';
export { createKeychainStore, loadKeytar, probeKeychain, type KeychainBackend } from './keychain-store.js';
export { SECRET_KEY_ENV, resolveSecretKey } from './secret-key.js';
export type { SecretStore, SecretStoreKind } from './secret-store.js';

export const DEFAULT_SECRET_SERVICE = 'omniroute-desktop';

export interface CreateSecretStoreOptions {
  dataDir: string;
  /** The keychain service name. Default 'omniroute-desktop'. */
  service?: string;
  /** Try the OS keychain first. Default: true, unless OMNIROUTE_SECRET_KEY is set (the
   * user chose the encrypted file by giving its key, as on a headless server). */
  preferKeychain?: boolean;
  /** Key file of the encrypted-file store. Default `<dataDir>/secret.key`. */
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
  /** The keychain to try instead of keytar; null means there is none. */
  keychainBackend?: KeychainBackend | null;
  /** Told why the keychain was passed over when it was preferred but not used. */
  onKeychainUnavailable?: (reason: string) => void;
}

/** The OS keychain when it really works, else the AES-256-GCM file in the data dir. */
export async function createSecretStore(opts: CreateSecretStoreOptions): Promise<SecretStore> {
  const service = opts.service ?? DEFAULT_SECRET_SERVICE;
  const env = opts.env ?? process.env;
  if (opts.preferKeychain ?? !env[SECRET_KEY_ENV]) {
    const reason = await tryKeychain(opts.keychainBackend, service);
    if (typeof reason !== 'string') return reason;
    opts.onKeychainUnavailable?.(reason);
  }
  const key = await resolveSecretKey({
    dataDir: opts.dataDir,
    env,
    ...(opts.keyFile !== undefined ? { keyFile: opts.keyFile } : {}),
  });
  return openEncryptedFileStore({ dataDir: opts.dataDir, key });
}

/** The keychain store, or why it cannot be used. */
async function tryKeychain(injected: KeychainBackend | null | undefined, service: string): Promise<SecretStore | string> {
  let backend: KeychainBackend;
  if (injected === null) return 'no keychain was given';
  if (injected !== undefined) backend = injected;
  else {
    const loaded = await loadKeytar();
    if (!loaded.ok) return loaded.reason;
    backend = loaded.backend;
  }
  const probe = await probeKeychain({ backend, service });
  if (!probe.ok) return probe.reason;
  return createKeychainStore({ backend, service });
}
