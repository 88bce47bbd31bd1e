/**
 * The least a Node.js gateway can do: read the request, send it upstream with undici (pooled
 * as the gateway's own client is), read the answer, send it back. No routing, no parsing, no
 * log. Measured beside the gateway, it shows which part of the overhead is Node's HTTP stack
 * and the extra hop on this machine, and which part is the gateway's own work. Non-streaming
 * only. Run as its own process (`fork` this file with the upstream's URL); reports its port
 * over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: reference-proxy.ts UPSTREAM_URL');

const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const name of ['authorization', 'x-api-key', 'anthropic-version']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    request(upstream + (req.url ?? '/'), { method: 'POST', headers, body: Buffer.concat(chunks), dispatcher: agent })
      .then(async (answer) => {
        const body = Buffer.from(await answer.body.arrayBuffer());
        res.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  if (process.send) process.send({ type: 'ready', port });
  else console.log(`reference proxy listening on http://127.0.0.1:${port}`);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
