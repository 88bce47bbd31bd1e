/**
 * Whether two base URLs name the same server on this machine: `localhost`, `127.0.0.1` and
 * `[::1]` are one host here, and a trailing slash changes nothing.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function sameServer(a: string, b: string): boolean {
  const ka = serverKey(a);
  return ka !== undefined && ka === serverKey(b);
}

function serverKey(url: string): string | undefined {
  try {
    const u = new URL(url);
    const host = LOOPBACK.has(u.hostname) ? '127.0.0.1' : u.hostname;
    return `${u.protocol}//${host}:${u.port || (u.protocol === 'https:' ? '443' : '80')}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}
