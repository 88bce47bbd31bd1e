/**
 * A tiny SOCKS5 server for tests, on 127.0.0.1 (RFC 1928): the no-auth method, or the
 * username/password method of RFC 1929 when credentials are set; the CONNECT command only;
 * IPv4, domain name and IPv6 destinations. It counts what it carries so a test can prove
 * traffic went through it, or did not.
 */
import { createServer, connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';

export interface TestSocks5Proxy {
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** host:port of each CONNECT the server carried out (IPv6 in brackets; domains as sent). */
  readonly targets: string[];
  /** Address types of those CONNECTs, in order: 'ipv4' | 'domain' | 'ipv6'. */
  readonly addressTypes: string[];
  /** RFC 1929 logins refused. */
  readonly failedLogins: number;
  close(): Promise<void>;
}

export interface Socks5ProxyOptions {
  credentials?: { username: string; password: string };
}

const VERSION = 0x05;
const METHOD_NONE = 0x00;
const METHOD_LOGIN = 0x02;
const NO_ACCEPTABLE = 0xff;
const CMD_CONNECT = 0x01;
const REPLY = { ok: 0x00, failure: 0x01, refused: 0x05, commandUnsupported: 0x07, addressUnsupported: 0x08 } as const;

/** Hands out exactly the bytes asked for, however TCP split them. */
class ByteReader {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.wake?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('close', () => {
      this.ended = true;
      this.wake?.();
    });
  }

  async read(length: number): Promise<Buffer> {
    while (this.buffered.length < length) {
      if (this.ended) throw new Error('client went away mid-handshake');
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    const out = this.buffered.subarray(0, length);
    this.buffered = this.buffered.subarray(length);
    return out;
  }

  /** Stops reading and returns whatever arrived past the handshake. */
  detach(): Buffer {
    this.socket.pause();
    this.socket.off('data', this.onData);
    return this.buffered;
  }
}

export async function startSocks5Proxy(options: Socks5ProxyOptions = {}): Promise<TestSocks5Proxy> {
  const targets: string[] = [];
  const addressTypes: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let failedLogins = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  /** Runs one client's negotiation; false once the client has been turned away. */
  const negotiate = async (client: Socket, reader: ByteReader): Promise<boolean> => {
    const [version = 0, count = 0] = await reader.read(2);
    if (version !== VERSION) return false;
    const methods = [...(await reader.read(count))];
    const wanted = options.credentials ? METHOD_LOGIN : METHOD_NONE;
    if (!methods.includes(wanted)) {
      client.end(Buffer.from([VERSION, NO_ACCEPTABLE]));
      return false;
    }
    client.write(Buffer.from([VERSION, wanted]));
    if (options.credentials) {
      const [, userLength = 0] = await reader.read(2);
      const username = (await reader.read(userLength)).toString('utf8');
      const [passLength = 0] = await reader.read(1);
      const password = (await reader.read(passLength)).toString('utf8');
      const ok = username === options.credentials.username && password === options.credentials.password;
      // RFC 1929: a non-zero status means failure and the server MUST close the connection.
      if (!ok) {
        failedLogins += 1;
        client.end(Buffer.from([0x01, 0x01]));
        return false;
      }
      client.write(Buffer.from([0x01, 0x00]));
    }
    return true;
  };

  const serve = async (client: Socket) => {
    const reader = new ByteReader(client);
    if (!(await negotiate(client, reader))) return;
    const [, command = 0, , addressType = 0] = await reader.read(4);
    const destination = await readAddress(reader, addressType);
    if (destination === undefined) return void client.end(reply(REPLY.addressUnsupported));
    const port = (await reader.read(2)).readUInt16BE(0);
    if (command !== CMD_CONNECT) return void client.end(reply(REPLY.commandUnsupported));
    const leftover = reader.detach();
    const upstream = netConnect({ host: destination.host, port });
    track(upstream);
    upstream.once('connect', () => {
      targets.push(destination.host.includes(':') ? `[${destination.host}]:${port}` : `${destination.host}:${port}`);
      addressTypes.push(destination.type);
      client.write(reply(REPLY.ok));
      if (leftover.length > 0) upstream.write(leftover);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.end(reply(REPLY.refused)));
    client.once('close', () => upstream.destroy());
  };

  const server = createServer((client) => {
    connections += 1;
    track(client);
    serve(client).catch(() => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The test SOCKS5 proxy has no TCP address.');
  return {
    url: `socks5://127.0.0.1:${address.port}`,
    port: address.port,
    get connections() {
      return connections;
    },
    targets,
    addressTypes,
    get failedLogins() {
      return failedLogins;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readAddress(reader: ByteReader, type: number): Promise<{ host: string; type: string } | undefined> {
  if (type === 0x01) return { host: [...(await reader.read(4))].join('.'), type: 'ipv4' };
  if (type === 0x03) {
    const [length = 0] = await reader.read(1);
    return { host: (await reader.read(length)).toString('utf8'), type: 'domain' };
  }
  if (type === 0x04) {
    const bytes = await reader.read(16);
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    return { host: groups.join(':'), type: 'ipv6' };
  }
  return undefined;
}

/** A reply with a zero IPv4 bound address: clients of CONNECT do not use BND.ADDR. */
function reply(code: number): Buffer {
  return Buffer.from([VERSION, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0]);
}
