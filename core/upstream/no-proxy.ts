import { BlockList, isIP } from 'node:net';

/**
 * NO_PROXY matching, following curl's reading of the convention:
 * - entries are separated by commas and/or white space; matching ignores case;
 * - `*` alone sends everything direct;
 * - `example.com`, `.example.com` and `*.example.com` all match example.com and every
 *   subdomain of it (on a label boundary: `ample.com` does not match example.com);
 * - an IP address matches only that address (written as an IP in the URL: no DNS look-up);
 *   `10.0.0.0/8` or `fd00::/8` match a range; IPv6 may be bracketed, `[::1]:8080`;
 * - `:port` limits an entry to that port (the URL's default port when it names none).
 * Loopback is not exempt by itself: a proxy on a remote machine cannot reach this host's
 * 127.0.0.1 anyway, but the user says so explicitly (`localhost,127.0.0.1,::1`) rather than
 * the gateway guessing, so a proxy that is meant to see local traffic (a debugging proxy) does.
 */
export function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  const port = url.port === '' ? defaultPort(url.protocol) : Number(url.port);
  const hostIsIp = isIP(host) !== 0;
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = parseEntry(raw.trim().toLowerCase());
    if (!entry) continue;
    if (entry.kind === 'all') return true;
    if (entry.port !== undefined && entry.port !== port) continue;
    if (entry.kind === 'ip' ? hostIsIp && ipMatches(host, entry) : !hostIsIp && domainMatches(host, entry.domain)) return true;
  }
  return false;
}

type Entry =
  | { kind: 'all' }
  | { kind: 'domain'; domain: string; port: number | undefined }
  | { kind: 'ip'; address: string; prefix: number; family: 'ipv4' | 'ipv6'; port: number | undefined };

function defaultPort(protocol: string): number {
  return protocol === 'https:' || protocol === 'wss:' ? 443 : 80;
}

/** One NO_PROXY entry, or undefined for one that cannot match anything (ignored, as curl does). */
function parseEntry(text: string): Entry | undefined {
  if (text === '') return undefined;
  if (text === '*') return { kind: 'all' };
  const split = splitPort(text);
  if (!split) return undefined;
  const { host, port } = split;
  const [address = '', prefixText] = host.split('/', 2);
  const version = isIP(address);
  if (version !== 0) {
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) return undefined;
    return { kind: 'ip', address, prefix, family: version === 4 ? 'ipv4' : 'ipv6', port };
  }
  const domain = host.replace(/^\*?\.+/, '').replace(/\.$/, '');
  if (domain === '' || prefixText !== undefined || domain.includes('*')) return undefined;
  return { kind: 'domain', domain, port };
}

/** Splits `host:port`, `[v6]:port`, `[v6]` and bare `v6` (several colons: no port). */
function splitPort(text: string): { host: string; port: number | undefined } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1] ?? '', bracketed[2]);
  if (text.includes('[') || text.includes(']')) return undefined;
  if (text.split(':').length !== 2) return { host: text, port: undefined };
  const at = text.lastIndexOf(':');
  const portText = text.slice(at + 1);
  if (!/^\d+$/.test(portText)) return undefined;
  return withPort(text.slice(0, at), portText);
}

function withPort(host: string, portText: string | undefined): { host: string; port: number | undefined } | undefined {
  if (portText === undefined) return { host, port: undefined };
  const port = Number(portText);
  return port >= 1 && port <= 65_535 ? { host, port } : undefined;
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function ipMatches(host: string, entry: { address: string; prefix: number; family: 'ipv4' | 'ipv6' }): boolean {
  const family = isIP(host) === 4 ? 'ipv4' : 'ipv6';
  if (family !== entry.family) return false;
  const list = new BlockList();
  list.addSubnet(entry.address, entry.prefix, entry.family);
  return list.check(host, family);
}
