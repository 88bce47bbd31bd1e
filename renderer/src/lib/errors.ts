/** The text to show for a failure: the control API's own message, never markup. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
