/**
 * The outbound proxy setting, parsed once into a value the dispatcher layer can trust.
 * Accepted forms: http://[user:pass@]host[:port], https://…, socks5://…, socks5h://….
 */

export type ProxyProtocol = 'http' | 'https' | 'socks5' | 'socks5h';

export interface ParsedProxy {
  protocol: ProxyProtocol;
  /** Lower-case host name or IP address; IPv6 without brackets. */
  host: string;
  port: number;
  /** Decoded (no percent escapes). */
  username?: string;
  /** Decoded (no percent escapes). Never print it: use displayProxyUrl. */
  password?: string;
}

export type ProxyUrlResult =
  | { ok: true; proxy: ParsedProxy }
  | { ok: false; code: 'proxy_url_invalid'; message: string };

/** The port a proxy listens on when the URL names none (URL defaults; 1080 is SOCKS's IANA port). */
const DEFAULT_PORTS: Record<ProxyProtocol, number> = { http: 80, https: 443, socks5: 1080, socks5h: 1080 };

const EXAMPLE = 'for example http://127.0.0.1:8080 or socks5://user:pass@127.0.0.1:1080';

function fail(message: string): ProxyUrlResult {
  return { ok: false, code: 'proxy_url_invalid', message };
}

function isProxyProtocol(value: string): value is ProxyProtocol {
  return value === 'http' || value === 'https' || value === 'socks5' || value === 'socks5h';
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Parses a proxy setting; the error message tells the user how to fix it. */
export function parseProxyUrl(input: string): ProxyUrlResult {
  const text = input.trim();
  if (text === '') return fail(`Proxy URL is empty; enter one (${EXAMPLE}) or clear the setting to connect directly.`);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !isProxyProtocol(scheme)) {
    return fail(`Proxy URL must start with http://, https:// or socks5:// (${EXAMPLE}).`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`Proxy URL "${redactRaw(text)}" is not a valid URL; use ${scheme}://host:port (${EXAMPLE}).`);
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    return fail(`Proxy URL must not contain a path, query or fragment; use ${scheme}://host:port.`);
  }
  if (url.hostname === '') return fail(`Proxy URL has no host; use ${scheme}://host:port.`);
  const host = normalHost(url);
  if (host === undefined || host === '') return fail(`Proxy URL "${redactRaw(text)}" has an invalid host name; use ${scheme}://host:port.`);
  const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return fail('Proxy port must be between 1 and 65535.');

  const username = url.username === '' ? undefined : decode(url.username);
  const password = url.password === '' ? undefined : decode(url.password);
  if ((url.username !== '' && username === undefined) || (url.password !== '' && password === undefined)) {
    return fail('Proxy user name or password has a broken % escape; write special characters as %XX (for example @ as %40).');
  }
  if (scheme === 'socks5' || scheme === 'socks5h') {
    const problem = socksCredentialProblem(username, password);
    if (problem) return fail(problem);
  }
  const proxy: ParsedProxy = { protocol: scheme, host, port };
  if (username !== undefined) proxy.username = username;
  if (password !== undefined) proxy.password = password;
  return { ok: true, proxy };
}

/**
 * WHATWG URL only normalises hosts of http(s) URLs (case, IDNA, IPv4 forms such as 127.1);
 * a socks5:// host is opaque, so it is re-read as an http host.
 */
function normalHost(url: URL): string | undefined {
  let hostname = url.hostname;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    try {
      hostname = new URL(`http://${url.hostname}`).hostname;
    } catch {
      return undefined;
    }
  }
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/** RFC 1929 carries the user name and password as 1 to 255 bytes each, and needs both. */
function socksCredentialProblem(username: string | undefined, password: string | undefined): string | undefined {
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) {
    return 'A SOCKS5 proxy login needs both a user name and a password (socks5://user:pass@host:port), or neither.';
  }
  if (Buffer.byteLength(username) > 255 || Buffer.byteLength(password) > 255) {
    return 'SOCKS5 proxy user name and password may be at most 255 bytes each.';
  }
  return undefined;
}

/** host:port with IPv6 addresses in brackets, as URLs and CONNECT request lines need. */
export function proxyHostPort(proxy: ParsedProxy): string {
  return `${proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host}:${proxy.port}`;
}

/** The proxy URL for logs and the UI: the password is replaced by ***. */
export function displayProxyUrl(proxy: ParsedProxy): string {
  let login = '';
  if (proxy.username !== undefined || proxy.password !== undefined) {
    login = `${encodeURIComponent(proxy.username ?? '')}${proxy.password !== undefined ? ':***' : ''}@`;
  }
  return `${proxy.protocol}://${login}${proxyHostPort(proxy)}`;
}

/** Hides whatever sits between "://" and "@" in text that did not parse, so an error never echoes a password. */
function redactRaw(text: string): string {
  return text.replace(/^([^:]+:\/\/)[^/]*@/, '$1***@');
}
