import type { SecretStore } from '../secrets/index.js';

export interface SecretWrite {
  ref: string;
  value: string;
}

/** Puts every ref written by setSecretsRevertibly back as it was before. */
export type RevertSecrets = () => Promise<void>;

/**
 * Writes the secrets one by one, having first read what each ref held, so the caller can put
 * them all back if a later step fails (the secret store has no transactions). When one of
 * these writes fails, the earlier ones are reverted here and the write's error is rethrown.
 */
export async function setSecretsRevertibly(secrets: SecretStore, writes: readonly SecretWrite[]): Promise<RevertSecrets> {
  const previous = new Map<string, string | null>();
  for (const w of writes) {
    if (!previous.has(w.ref)) previous.set(w.ref, await secrets.get(w.ref));
  }
  const revert: RevertSecrets = async () => {
    const failed: string[] = [];
    for (const [ref, value] of previous) {
      try {
        if (value === null) await secrets.delete(ref);
        else await secrets.set(ref, value);
      } catch {
        failed.push(ref);
      }
    }
    if (failed.length > 0) throw new Error(`could not restore the previous keys of ${failed.join(', ')}`);
  };
  try {
    for (const w of writes) await secrets.set(w.ref, w.value);
  } catch (error) {
    await revertThenRethrow(revert, error);
  }
  return revert;
}

/** Reverts, then throws `error`; if reverting fails too, throws an error saying both. */
export async function revertThenRethrow(revert: RevertSecrets, error: unknown): Promise<never> {
  try {
    await revert();
  } catch (revertError) {
    const reason = error instanceof Error ? error.message : String(error);
    const how = revertError instanceof Error ? revertError.message : String(revertError);
    throw new Error(`${reason} (and ${how}: the secret store may hold some of the new keys)`, { cause: error });
  }
  throw error;
}
