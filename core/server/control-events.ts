import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTROL_EVENT_NAMES, type ControlEventName, type ControlEvents } from '../control/contract.js';
import { isSameOrigin } from './control-routes.js';

export type ControlEventListener = <N extends ControlEventName>(name: N, payload: ControlEvents[N]) => void;

/** Comment lines keep idle proxies and browsers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: the dashboard's push channel when served headless, one SSE message per
 * gateway event, `data: {"name": ..., "payload": ...}`. Same-origin only, like /api calls.
 */
export function handleControlEvents(
  req: IncomingMessage,
  res: ServerResponse,
  subscribe: (listener: ControlEventListener) => () => void,
): void {
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET', 'content-type': 'application/json' }).end('{"error":{"code":"invalid_input","message":"Use GET."}}');
    return;
  }
  if (!isSameOrigin(req)) {
    res.writeHead(403, { 'content-type': 'application/json' }).end('{"error":{"code":"invalid_input","message":"Cross-origin requests are not allowed."}}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write(': connected\n\n');
  const unsubscribe = subscribe((name, payload) => {
    res.write(`data: ${JSON.stringify({ name, payload })}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

/** Subscribes a listener to every control event an emitter carries; returns the unsubscribe. */
export function subscribeAll(events: EventEmitter<{ [K in ControlEventName]: [ControlEvents[K]] }>, listener: ControlEventListener): () => void {
  const handlers = CONTROL_EVENT_NAMES.map((name) => {
    const handler = (payload: ControlEvents[typeof name]) => listener(name, payload);
    events.on(name, handler);
    return () => events.off(name, handler);
  });
  return () => handlers.forEach((off) => off());
}
