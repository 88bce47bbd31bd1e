import { AdminRefusal } from '../accounts/admin-refusal.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs an operation so that a refusal the user can act on (a duplicate name, a file-declared
 * entry, a bad backup file) reaches them as invalid_input with its own message; anything
 * else stays an internal error whose details never leave.
 */
export function userFacingRunner(userError: (message: string) => Error, refusals: readonly ErrorClass[] = [AdminRefusal]) {
  return async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (refusals.some((kind) => error instanceof kind)) throw userError((error as Error).message);
      throw error;
    }
  };
}

/** The dependency a method needs, or the refusal of a gateway with no store attached (test stand-ins). */
export function requireDeps<T>(deps: T | undefined, userError: (message: string) => Error, refusal: string): () => T {
  return () => {
    if (deps === undefined) throw userError(refusal);
    return deps;
  };
}
