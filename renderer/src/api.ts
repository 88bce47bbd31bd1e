/**
 * The one place the dashboard picks its transport: the preload bridge (IPC) inside the
 * Electron window, HTTP POST /api/<method> when a browser loads it from `serve`.
 * Only types come from core: the bundle must not carry zod or any gateway code.
 */
import type {
  ControlErrorBody,
  ControlInput,
  ControlMethod,
  ControlOutput,
} from '../../core/control/contract.js';
import type { ControlEventMessage, ControlReply, OmnirouteBridge } from '../../preload/bridge-types.js';

// Literals, not imports: the bundle carries no gateway code (management-sessions.ts names them too).
const CSRF_COOKIE = 'omniroute_csrf';
const CSRF_HEADER = 'x-omniroute-csrf';

export type ApiErrorCode = ControlErrorBody['error']['code'] | 'unreachable';

export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export interface ControlClient {
  readonly transport: 'ipc' | 'http';
  call<M extends ControlMethod>(method: M, input: ControlInput<M>): Promise<ControlOutput<M>>;
  /** Subscribes to pushed gateway events; returns the unsubscribe function. */
  onEvent(listener: (event: ControlEventMessage) => void): () => void;
}

/** What the client needs from the page; tests pass fakes. */
export interface ClientEnvironment {
  bridge: OmnirouteBridge | undefined;
  fetch: typeof fetch;
  /** The session's CSRF token, which the gateway sets in a cookie at login (HTTP only). */
  csrfToken?: () => string | undefined;
  openEvents?: (url: string) => EventSource;
}

export function browserEnvironment(): ClientEnvironment {
  return {
    bridge: window.omniroute,
    fetch: (input, init) => window.fetch(input, init),
    csrfToken: () => cookie(document.cookie, CSRF_COOKIE),
    openEvents: typeof EventSource === 'function' ? (url) => new EventSource(url) : undefined,
  };
}

export function createControlClient(env: ClientEnvironment = browserEnvironment()): ControlClient {
  return env.bridge ? ipcClient(env.bridge) : httpClient(env);
}

function ipcClient(bridge: OmnirouteBridge): ControlClient {
  return {
    transport: 'ipc',
    async call<M extends ControlMethod>(method: M, input: ControlInput<M>): Promise<ControlOutput<M>> {
      // The mapped bridge type loses the link between M and its function, so re-state it.
      const fn = bridge[method] as (input: ControlInput<M>) => Promise<ControlReply<M>>;
      let reply: ControlReply<M>;
      try {
        reply = await fn(input);
      } catch (err) {
        throw new ApiError('unreachable', `The app did not answer: ${errorMessage(err)}`);
      }
      if (reply.ok) return reply.value;
      throw new ApiError(reply.error.code, reply.error.message);
    },
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

function httpClient(env: ClientEnvironment): ControlClient {
  const listeners = new Set<(event: ControlEventMessage) => void>();
  let source: EventSource | null = null;

  return {
    transport: 'http',
    async call<M extends ControlMethod>(method: M, input: ControlInput<M>): Promise<ControlOutput<M>> {
      let res: Response;
      try {
        res = await env.fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CSRF_HEADER]: env.csrfToken?.() ?? '' },
          body: JSON.stringify(input),
        });
      } catch (err) {
        throw new ApiError('unreachable', `The gateway is not reachable: ${errorMessage(err)}`);
      }
      const body: unknown = await res.json().catch(() => null);
      if (res.ok) {
        // The gateway parses every output against the contract before sending it.
        return body as ControlOutput<M>;
      }
      if (isControlErrorBody(body)) throw new ApiError(body.error.code, body.error.message);
      throw new ApiError('internal', `The gateway answered ${res.status} ${res.statusText}.`);
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!source && env.openEvents) {
        const opened = env.openEvents('/api/events');
        opened.onmessage = (e: MessageEvent<string>) => {
          const event = parseEvent(e.data);
          if (event) for (const l of listeners) l(event);
        };
        source = opened;
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

function isControlErrorBody(value: unknown): value is ControlErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    ['invalid_input', 'unknown_method', 'internal', 'unauthenticated', 'forbidden'].includes(error.code) &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function parseEvent(data: string): ControlEventMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (!('name' in value) || typeof value.name !== 'string' || !('payload' in value)) return null;
  // The server writes whole ControlEventMessage values on this stream; name is checked above.
  return value as ControlEventMessage;
}

function cookie(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
