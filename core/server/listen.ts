import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayStartError } from '../gateway-start-error.js';

export interface Listening {
  host: string;
  port: number;
  url: string;
}

/** Starts listening; a taken or forbidden port becomes an error that says what to do. */
export async function listen(server: Server, host: string, port: number): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new GatewayStartError(`Port ${port} on ${host} is already in use. Stop the program using it, or start the gateway with another --port.`));
      } else if (err.code === 'EACCES') {
        reject(new GatewayStartError(`Not allowed to listen on ${host}:${port}. Choose a port above 1024.`));
      } else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { host: address.address, port: address.port, url: `http://${shownHost}:${address.port}` };
}
