import type { FastifyInstance } from 'fastify';
import { BlockList, isIP } from 'node:net';
import type { Logger } from 'pino';

/**
 * Which address a request comes from. The socket peer, unless the peer is a trusted proxy
 * (`TRUSTED_PROXIES`); then the right-most address of the forwarding chain that is not itself a
 * trusted proxy. Proxies append to the right, so everything right of the first untrusted hop was
 * written by our own proxies, and what the client sent itself (left of it) never decides its
 * bucket. `X-Forwarded-For` is read first (every common proxy appends to it); `Forwarded`
 * (RFC 7239) only when there is no `X-Forwarded-For`.
 */
export interface ClientIpResolver {
  resolve(peer: string | undefined, headers: Record<string, string | string[] | undefined>): string;
  /** How many TRUSTED_PROXIES entries were usable. */
  readonly trustedCount: number;
}

/** Strips an IPv4-mapped IPv6 prefix (`::ffff:1.2.3.4` → `1.2.3.4`). */
export function normalizeIp(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4 ? lower.slice(7) : lower;
}

/** An address from a forwarding header: quotes, brackets and ports stripped; null when not an IP. */
export function parseForwardedAddress(raw: string): string | null {
  let value = raw.trim().replace(/^"(.*)"$/, '$1').trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  return isIP(value) ? normalizeIp(value) : null;
}

/** The hops of the `Forwarded` header (every element's `for=`), left to right; null for unparsable ones. */
export function forwardedChain(header: string): (string | null)[] {
  const hops: (string | null)[] = [];
  for (const element of header.split(',')) {
    const pair = element
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.toLowerCase().startsWith('for='));
    if (pair) hops.push(parseForwardedAddress(pair.slice(4)));
  }
  return hops;
}

export function xForwardedForChain(header: string): (string | null)[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(parseForwardedAddress);
}

/**
 * Parses TRUSTED_PROXIES entries (IPs or CIDRs). Unusable entries are skipped and reported by
 * position only, so a mistyped secret pasted into the wrong variable is never echoed to logs.
 */
export function trustedProxyList(entries: string[], warn: (position: number) => void): { list: BlockList; count: number } {
  const list = new BlockList();
  let count = 0;
  entries.forEach((entry, index) => {
    const [address, prefix, extra] = entry.trim().split('/');
    const family = isIP(address ?? '');
    const bits = prefix === undefined ? null : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== null && (Number.isNaN(bits) || bits > max))) {
      warn(index + 1);
      return;
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === null) list.addAddress(normalizeIp(address), type);
    else list.addSubnet(normalizeIp(address), bits, type);
    if (family === 4) {
      // IPv4 peers can show up as IPv4-mapped IPv6 addresses on dual-stack sockets.
      if (bits === null) list.addAddress(`::ffff:${address}`, 'ipv6');
      else list.addSubnet(`::ffff:${address}`, 96 + bits, 'ipv6');
    }
    count += 1;
  });
  return { list, count };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

export function createClientIpResolver(entries: string[], warn: (position: number) => void = () => {}): ClientIpResolver {
  const { list, count } = trustedProxyList(entries, warn);
  const trusted = (ip: string) => list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  return {
    trustedCount: count,
    resolve(peer, headers) {
      const direct = normalizeIp(peer ?? '') || 'unknown';
      if (count === 0 || !isIP(direct) || !trusted(direct)) return direct;
      const xff = headerValue(headers['x-forwarded-for']);
      const forwarded = headerValue(headers.forwarded);
      const chain = xff !== undefined ? xForwardedForChain(xff) : forwarded !== undefined ? forwardedChain(forwarded) : [];
      let client = direct;
      for (let i = chain.length - 1; i >= 0; i--) {
        const hop = chain[i];
        // A hop our proxy wrote that is not an address: stop at the last known one.
        if (hop === null) return client;
        client = hop;
        if (!trusted(hop)) return hop;
      }
      return client;
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's address as resolved by our TRUSTED_PROXIES rules (use this, not `ip`). */
    clientIp: string;
  }
}

/** Resolves `request.clientIp` first thing on every request. */
export function installClientIp(app: FastifyInstance, trustedProxies: string[], logger: Logger): void {
  const resolver = createClientIpResolver(trustedProxies, (position) =>
    logger.warn({ setting: 'TRUSTED_PROXIES', entry_position: position }, 'ignored a TRUSTED_PROXIES entry that is not an IP address or CIDR'),
  );
  app.decorateRequest('clientIp', '');
  app.addHook('onRequest', async (request) => {
    request.clientIp = resolver.resolve(request.raw.socket?.remoteAddress, request.headers);
  });
}
