export type SecretStoreKind = 'keychain' | 'encrypted-file';

/**
 * Where API keys and refresh tokens live. A ref is a stable name chosen by the caller
 * (e.g. `connection/<id>/api-key`); the database stores refs, never the secrets.
 */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** The secret, or null when nothing is stored under this ref. */
  get(ref: string): Promise<string | null>;
  set(ref: string, value: string): Promise<void>;
  /** Deleting a ref that holds nothing is not an error. */
  delete(ref: string): Promise<void>;
}

export function assertValidRef(ref: string): void {
  if (typeof ref !== 'string' || ref.length === 0) throw new TypeError('a secret ref must be a non-empty string');
}
