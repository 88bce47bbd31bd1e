/**
 * DNS-rebinding defence: a web page on evil.example whose name resolves to 127.0.0.1 can
 * reach the gateway, but its requests carry `Host: evil.example`. Only names the user
 * trusts are let through.
 */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]', '::1'];

/** Whether a peer address is this machine (IPv4 loopback, IPv6 ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

export function createHostCheck(extraHosts: readonly string[]): (hostHeader: string | undefined) => boolean {
  const allowed = new Set([...LOOPBACK_HOSTS, ...extraHosts].map((h) => h.toLowerCase()));
  return (hostHeader) => {
    if (!hostHeader) return false;
    const host = hostHeader.toLowerCase();
    // Strip the port; an IPv6 literal keeps its brackets.
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
    return allowed.has(name);
  };
}
