import type { Agent } from 'undici';
import type { UpstreamTimeouts } from './client.js';

/**
 * The pool settings every upstream connection shares, direct or through a proxy, so a
 * proxied provider times out and keeps connections alive exactly like a direct one.
 */
export function upstreamAgentOptions(timeouts: UpstreamTimeouts): Agent.Options {
  return {
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // No cap per origin: each streaming answer holds its connection for its whole length, so
    // a cap would queue the 257th concurrent stream to one provider behind the others.
    pipelining: 1,
  };
}
