/** A start-up problem the user can fix; its message says how. */
export class GatewayStartError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'GatewayStartError';
  }
}
