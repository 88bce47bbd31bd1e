/** Whether 127.0.0.1:<port> is free to listen on now (no other process on this machine holds it). */
import { createServer } from 'node:http';

export async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
