import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How many sockets the server holds at once: in all, and from one remote address. */
export interface ConnectionCaps {
  total: number;
  perAddress: number;
}

// Every socket holds a file descriptor until it closes, idle or not. Without a cap, a
// thousand idle sockets used up the descriptors and every new request (and upstream call)
// failed. Per address stays well under total so one client cannot fill the server alone.
// All local programs share 127.0.0.1, so the per-address cap is also what the user's own
// tools get: it is set well above what a load test of a few hundred requests in flight
// keeps open. Node raises its descriptor limit to the hard limit at start, which is far
// above the total on current Linux and macOS.
export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { total: 4096, perAddress: 1024 };

const BUSY_BODY = 'The gateway has too many open connections. Retry shortly.\n';
const BUSY_RESPONSE =
  'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n' +
  `Content-Length: ${Buffer.byteLength(BUSY_BODY)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${BUSY_BODY}`;
/** Time a refused socket gets to read the 503 before it is destroyed. */
const REFUSED_LINGER_MS = 2000;

/**
 * Counts sockets on 'connection'/'close' and answers a plain 503 (then closes) over a cap.
 * The HTTP server's own connection handler runs only for sockets under the cap, so a refused
 * socket is never parsed and never reaches the request handler.
 */
export function capConnections(server: Server, caps: ConnectionCaps = DEFAULT_CONNECTION_CAPS): { open(): number } {
  const httpHandlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  let total = 0;
  const perAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const fromAddress = perAddress.get(address) ?? 0;
    if (total >= caps.total || fromAddress >= caps.perAddress) {
      refuse(socket);
      return;
    }
    total += 1;
    perAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      total -= 1;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    for (const handler of httpHandlers) handler.call(server, socket);
  });
  return { open: () => total };
}

function refuse(socket: Socket): void {
  socket.on('error', () => {});
  // Reading (and dropping) what the client sends keeps the kernel from answering a reset
  // that could discard the 503 before the client reads it.
  socket.resume();
  socket.end(BUSY_RESPONSE);
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
