/**
 * The SOCKS5 test server spoken to byte by byte, for the parts undici never exercises:
 * IPv6 destinations, refused commands and address types, handshakes split across packets.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connect } from 'node:net';
import { once } from 'node:events';
import { startSocks5Proxy } from './socks5-proxy.js';
import type { TestSocks5Proxy } from './socks5-proxy.js';

let echo: Server;
let echoPort = 0;
let proxy: TestSocks5Proxy;

before(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const address = echo.address();
  if (address === null || typeof address === 'string') throw new Error('echo server has no port');
  echoPort = address.port;
  proxy = await startSocks5Proxy();
});

after(async () => {
  await proxy.close();
  echo.close();
});

/** Collects bytes until at least `length` have arrived. */
async function readAtLeast(socket: Socket, length: number): Promise<Buffer> {
  let buffered = Buffer.alloc(0);
  while (buffered.length < length) {
    const [chunk] = await once(socket, 'data');
    buffered = Buffer.concat([buffered, Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))]);
  }
  return buffered;
}

function port16(port: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(port);
  return out;
}

async function openSocket(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  await once(socket, 'connect');
  return socket;
}

test('an IPv6 destination (here the IPv4-mapped form of 127.0.0.1) is connected and echoed', async () => {
  const socket = await openSocket();
  socket.write(Buffer.from([5, 1, 0]));
  assert.deepEqual([...(await readAtLeast(socket, 2))], [5, 0]);
  const mapped = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
  socket.write(Buffer.concat([Buffer.from([5, 1, 0, 4]), mapped, port16(echoPort)]));
  const reply = await readAtLeast(socket, 10);
  assert.equal(reply[1], 0, 'succeeded');
  socket.write('ping');
  assert.equal((await readAtLeast(socket, 4)).toString(), 'ping');
  socket.destroy();
  assert.equal(proxy.targets.at(-1), `[0:0:0:0:0:ffff:7f00:1]:${echoPort}`);
  assert.equal(proxy.addressTypes.at(-1), 'ipv6');
});

test('a handshake split into single bytes, with data right behind the request, still works', async () => {
  const socket = await openSocket();
  const request = Buffer.concat([Buffer.from([5, 1, 0]), Buffer.from([5, 1, 0, 3, 9]), Buffer.from('localhost'), port16(echoPort)]);
  for (const byte of request.subarray(0, 3)) socket.write(Buffer.from([byte]));
  await readAtLeast(socket, 2);
  for (const byte of request.subarray(3, -1)) socket.write(Buffer.from([byte]));
  // The last request byte and the first payload share one packet: the server must pass the payload on.
  socket.write(Buffer.concat([request.subarray(-1), Buffer.from('pong')]));
  const reply = await readAtLeast(socket, 14);
  assert.equal(reply[1], 0);
  assert.equal(reply.subarray(10).toString(), 'pong');
  socket.destroy();
  assert.equal(proxy.targets.at(-1), `localhost:${echoPort}`);
});

test('BIND is answered "command not supported" and an unknown address type "not supported"', async () => {
  for (const [request, code] of [
    [Buffer.concat([Buffer.from([5, 2, 0, 1, 127, 0, 0, 1]), port16(echoPort)]), 7],
    [Buffer.from([5, 1, 0, 9]), 8],
  ] as const) {
    const socket = await openSocket();
    socket.write(Buffer.from([5, 1, 0]));
    await readAtLeast(socket, 2);
    socket.write(request);
    const reply = await readAtLeast(socket, 10);
    assert.equal(reply[1], code);
    socket.destroy();
  }
});

test('a client that offers no acceptable method is told so (0xFF)', async () => {
  const guarded = await startSocks5Proxy({ credentials: { username: 'u', password: 'p' } });
  try {
    const socket = connect({ host: '127.0.0.1', port: guarded.port });
    await once(socket, 'connect');
    socket.write(Buffer.from([5, 1, 0]));
    assert.deepEqual([...(await readAtLeast(socket, 2))], [5, 0xff]);
    socket.destroy();
  } finally {
    await guarded.close();
  }
});
