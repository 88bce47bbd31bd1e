/**
 * The control operations over core services. Every transport (IPC in Electron, POST /api/
 * in `serve`) calls `dispatchControl`, so input is validated here once, whatever the door.
 */
import {
  contract,
  type ControlApi,
  type ControlErrorBody,
  type ControlInput,
  type ControlMethod,
  type ControlOutput,
  type GatewayStatus,
  type ProviderSummary,
  type RoutingReset,
  type RoutingStatus,
  type BudgetsStatus,
} from './contract.js';
import { usageHandlers, type UsageControlDeps } from './usage-handlers.js';
import { accountsHandlers, type AccountsControlDeps } from './accounts-handlers.js';
import { setupHandlers, type SetupControlDeps } from './setup-handlers.js';
import { DEFAULT_DESKTOP_PREFS, type DesktopControlDeps } from './desktop-contract.js';
import { playgroundHandlers } from '../playground/handlers.js';
import { localHandlers, type LocalControlDeps } from './local-handlers.js';
import { networkHandlers } from './network-handlers.js';
import type { NetworkAdmin } from '../network/network-admin.js';
import type { Playground } from '../playground/playground.js';

export type ControlErrorCode = ControlErrorBody['error']['code'];

/** A control failure with a code a transport can map to a status and a body. */
export class ControlError extends Error {
  readonly code: ControlErrorCode;

  constructor(code: ControlErrorCode, message: string) {
    super(message);
    this.name = 'ControlError';
    this.code = code;
  }

  toBody(): ControlErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The services the handlers read from; the gateway supplies them. */
export interface ControlDeps {
  getStatus(): GatewayStatus;
  listProviders(): ProviderSummary[];
  routingStatus(): RoutingStatus;
  resetRouting(input: RoutingReset): boolean;
  /** Every account's quota windows; absent when the gateway tracks no quota. */
  quotaStatus?(): ControlOutput<'quota.status'>;
  /** Budgets and per-key spend; absent when the gateway runs without spend tracking. */
  budgetsStatus?(): BudgetsStatus;
  /** Analytics, request logs, backup and export; absent where no store is attached. */
  usage?: UsageControlDeps;
  /** Accounts edited at runtime and the audit log; absent where no store is attached. */
  accounts?: AccountsControlDeps;
  /** Catalogue, custom providers, tests, combos, aliases and settings; absent where no store is attached. */
  setup?: SetupControlDeps;
  /** The desktop app's preferences; absent under `serve`. */
  desktop?: DesktopControlDeps;
  /** Playground runs through the gateway's own pipeline; absent without a gateway behind the API. */
  playground?: Playground;
  /** Model servers on this machine; absent without a gateway behind the API. */
  local?: LocalControlDeps;
  /** The outbound proxy settings; absent without a gateway behind the API. */
  network?: NetworkAdmin;
}

type Handlers = {
  [M in ControlMethod]: (input: ControlInput<M>, caller: string) => ControlOutput<M> | Promise<ControlOutput<M>>;
};

export function isControlMethod(name: string): name is ControlMethod {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function createControlApi(deps: ControlDeps): ControlApi {
  const handlers: Handlers = {
    'gateway.status': () => deps.getStatus(),
    'providers.list': () => deps.listProviders(),
    'routing.status': () => deps.routingStatus(),
    'routing.reset': (input) => ({ reset: deps.resetRouting(input) }),
    'quota.status': () => deps.quotaStatus?.() ?? { connections: [] },
    'budgets.status': () => deps.budgetsStatus?.() ?? { budgets: [], keys: [] },
    ...usageHandlers(deps.usage, (message) => new ControlError('invalid_input', message)),
    ...accountsHandlers(deps.accounts, (message) => new ControlError('invalid_input', message)),
    ...setupHandlers(deps.setup, (message) => new ControlError('invalid_input', message)),
    ...playgroundHandlers(deps.playground, (message) => new ControlError('invalid_input', message)),
    ...localHandlers(deps.local, (message) => new ControlError('invalid_input', message)),
    ...networkHandlers(deps.network, (message) => new ControlError('invalid_input', message)),
    'desktop.get': () => deps.desktop?.view() ?? { available: false, prefs: DEFAULT_DESKTOP_PREFS, update: null },
    'desktop.update': (input) => {
      if (!deps.desktop) throw new ControlError('invalid_input', 'desktop preferences exist only in the desktop app; this gateway runs headless (serve)');
      return deps.desktop.update(input);
    },
  };

  return {
    async call<M extends ControlMethod>(method: M, input: ControlInput<M>, caller = 'gateway'): Promise<ControlOutput<M>> {
      // Callers inside TypeScript are typed, but IPC and HTTP hand over whatever arrived.
      const name: string = method;
      if (!isControlMethod(name)) throw unknownMethod(name);
      const parsed = contract[method].input.safeParse(input);
      if (!parsed.success) throw invalidInput(method, parsed.error.issues);
      const handler = handlers[method] as (input: unknown, caller: string) => unknown;
      const output = contract[method].output.safeParse(await handler(parsed.data, caller));
      // An output that breaks the contract is our bug; parsing also strips fields the
      // dashboard was never meant to see.
      if (!output.success) throw new ControlError('internal', `${method} produced an invalid result`);
      return output.data as ControlOutput<M>;
    },
  };
}

/**
 * Runs a call whose method name and input came from outside (a URL path, an IPC channel).
 * Throws ControlError for an unknown method or invalid input.
 */
export async function dispatchControl(api: ControlApi, method: string, input: unknown, caller?: string): Promise<unknown> {
  if (!isControlMethod(method)) throw unknownMethod(method);
  const parsed = contract[method].input.safeParse(input);
  if (!parsed.success) throw invalidInput(method, parsed.error.issues);
  return api.call(method, parsed.data, caller);
}

/** The body a transport sends for any failure; internals never leak past 'internal'. */
export function toControlErrorBody(err: unknown): ControlErrorBody {
  if (err instanceof ControlError) return err.toBody();
  return { error: { code: 'internal', message: 'The gateway failed to answer; see its log for details.' } };
}

export function statusForControlError(code: ControlErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unknown_method':
      return 404;
    case 'internal':
      return 500;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
  }
}

function unknownMethod(name: string): ControlError {
  return new ControlError('unknown_method', `Unknown control method "${name.slice(0, 100)}".`);
}

function invalidInput(method: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): ControlError {
  const detail = issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
  return new ControlError('invalid_input', `Invalid input for ${method}: ${detail}`);
}
