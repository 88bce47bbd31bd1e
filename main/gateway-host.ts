/**
 * Keeps one gateway running inside the desktop app: start, pause (stop), resume (a fresh
 * gateway, since a stopped one has closed its store), and the state the tray shows.
 * Operations run one at a time, so double clicks on the tray cannot interleave them.
 */
import type { ControlApi, ControlEvents, ControlInput, ControlMethod, ControlOutput } from '../core/control/contract.js';
import { ControlError } from '../core/control/handlers.js';
import type { Gateway } from '../core/gateway.js';
import type { ControlEventMessage } from '../preload/bridge-types.js';
import type { GatewayState } from './tray-model.js';

export type HostedGateway = Pick<Gateway, 'start' | 'stop' | 'control' | 'events' | 'loginLink'>;

export interface GatewayHostOptions {
  create(): Promise<HostedGateway>;
  onStateChange(state: GatewayState): void;
  onEvent(message: ControlEventMessage): void;
}

export interface GatewayHost {
  state(): GatewayState;
  /** Answers from the current gateway, also while paused (it reports not listening). */
  readonly control: ControlApi;
  /** A one-time login link for the dashboard in a browser; undefined unless the gateway listens. */
  loginLink(): string | undefined;
  start(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Re-reads the status shown by the tray. */
  refresh(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createGatewayHost(options: GatewayHostOptions): GatewayHost {
  let state: GatewayState = { kind: 'paused' };
  let gateway: HostedGateway | null = null;
  let detachEvents: (() => void) | null = null;
  let queue: Promise<void> = Promise.resolve();

  const setState = (next: GatewayState) => {
    state = next;
    options.onStateChange(next);
  };

  /** Runs operations in order; a failed one does not block the next. */
  const serial = (op: () => Promise<void>): Promise<void> => {
    const run = queue.then(op, op);
    queue = run.catch(() => {});
    return run;
  };

  const startFresh = async () => {
    if (state.kind === 'running') return;
    setState({ kind: 'starting' });
    let created: HostedGateway | null = null;
    try {
      created = await options.create();
      await created.start();
      gateway = created;
      // Every event the gateway pushes: the window's dashboard and the tray both follow them.
      const source = created.events;
      const onFinished = (payload: ControlEvents['request.finished']) => options.onEvent({ name: 'request.finished', payload });
      const onQuota = (payload: ControlEvents['quota.changed']) => options.onEvent({ name: 'quota.changed', payload });
      const onHealth = (payload: ControlEvents['health.changed']) => options.onEvent({ name: 'health.changed', payload });
      const onPlayground = (payload: ControlEvents['playground.progress']) => options.onEvent({ name: 'playground.progress', payload });
      source.on('request.finished', onFinished);
      source.on('quota.changed', onQuota);
      source.on('health.changed', onHealth);
      source.on('playground.progress', onPlayground);
      detachEvents = () => {
        source.off('request.finished', onFinished);
        source.off('quota.changed', onQuota);
        source.off('health.changed', onHealth);
        source.off('playground.progress', onPlayground);
      };
      setState({ kind: 'running', status: await created.control.call('gateway.status', {}) });
    } catch (err) {
      if (created && created !== gateway) await created.stop().catch(() => {});
      setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const stopCurrent = async (next: GatewayState) => {
    detachEvents?.();
    detachEvents = null;
    // Keep the stopped gateway: its control still answers (listening: null) until a resume.
    if (gateway && state.kind === 'running') await gateway.stop();
    setState(next);
  };

  const control: ControlApi = {
    call<M extends ControlMethod>(method: M, input: ControlInput<M>): Promise<ControlOutput<M>> {
      if (!gateway) {
        const why = state.kind === 'failed' ? state.message : 'The gateway has not started yet.';
        return Promise.reject(new ControlError('internal', why));
      }
      return gateway.control.call(method, input);
    },
  };

  return {
    state: () => state,
    control,
    loginLink: () => (state.kind === 'running' ? gateway?.loginLink() : undefined),
    start: () => serial(startFresh),
    resume: () => serial(startFresh),
    pause: () => serial(() => stopCurrent({ kind: 'paused' })),
    refresh: () =>
      serial(async () => {
        if (state.kind === 'running' && gateway) {
          setState({ kind: 'running', status: await gateway.control.call('gateway.status', {}) });
        }
      }),
    shutdown: () => serial(() => stopCurrent({ kind: 'paused' })),
  };
}
