import { describe, expect, it } from 'vitest';
import { createClientIpResolver, forwardedChain, parseForwardedAddress } from '../../../src/http/client-ip';

describe('client IP resolution', () => {
  it('uses the socket peer when no proxy is trusted, whatever the headers say', () => {
    const r = createClientIpResolver([]);
    expect(r.resolve('203.0.113.9', { 'x-forwarded-for': '1.1.1.1', forwarded: 'for=2.2.2.2' })).toBe('203.0.113.9');
    expect(r.resolve('::ffff:203.0.113.9', {})).toBe('203.0.113.9');
  });

  it('ignores forwarding headers from an untrusted peer', () => {
    const r = createClientIpResolver(['10.0.0.1']);
    expect(r.resolve('198.51.100.7', { 'x-forwarded-for': '1.1.1.1' })).toBe('198.51.100.7');
  });

  it('takes the right-most untrusted hop, so a client cannot choose its own bucket', () => {
    const r = createClientIpResolver(['10.0.0.0/8']);
    // The client sent "1.1.1.1" itself; the proxy appended the real peer 198.51.100.7.
    expect(r.resolve('10.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7' })).toBe('198.51.100.7');
    // Two trusted proxies in a row are skipped.
    expect(r.resolve('10.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7, 10.1.2.3' })).toBe('198.51.100.7');
    // Repeated headers are one list.
    expect(r.resolve('10.0.0.1', { 'x-forwarded-for': ['1.1.1.1', '198.51.100.8'] })).toBe('198.51.100.8');
  });

  it('reads Forwarded (quotes, ports, IPv6 brackets) when there is no X-Forwarded-For', () => {
    const r = createClientIpResolver(['127.0.0.1', '::1']);
    expect(r.resolve('127.0.0.1', { forwarded: 'for=1.1.1.1, for="[2001:db8::7]:4711";proto=https' })).toBe('2001:db8::7');
    expect(r.resolve('::1', { forwarded: 'for=192.0.2.60:8080' })).toBe('192.0.2.60');
    expect(forwardedChain('for=unknown, for=_hidden, by=1.2.3.4;for=5.6.7.8')).toEqual([null, null, '5.6.7.8']);
  });

  it('falls back to the nearest known hop when a trusted proxy wrote something that is not an address', () => {
    const r = createClientIpResolver(['10.0.0.0/8']);
    expect(r.resolve('10.0.0.1', { 'x-forwarded-for': 'garbage' })).toBe('10.0.0.1');
    expect(r.resolve('10.0.0.1', { 'x-forwarded-for': '1.1.1.1, garbage, 10.0.0.2' })).toBe('10.0.0.2');
    expect(r.resolve('10.0.0.1', {})).toBe('10.0.0.1');
  });

  it('when every hop is trusted, the left-most one is the client', () => {
    const r = createClientIpResolver(['10.0.0.0/8']);
    expect(r.resolve('10.0.0.1', { 'x-forwarded-for': '10.9.9.9, 10.0.0.2' })).toBe('10.9.9.9');
  });

  it('trusts IPv4 entries for IPv4-mapped peers and IPv6 CIDRs', () => {
    const r = createClientIpResolver(['127.0.0.0/8', 'fd00::/8']);
    expect(r.resolve('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.1' })).toBe('198.51.100.1');
    expect(r.resolve('fd12::1', { 'x-forwarded-for': '2001:db8::1' })).toBe('2001:db8::1');
  });

  it('skips unusable entries with a warning that names only their position', () => {
    const warned: number[] = [];
    const r = createClientIpResolver(['10.0.0.1', 'hunter2-secret', '10.0.0.0/99', '1.2.3.4/8/1', ' 192.168.0.0/16 '], (p) => warned.push(p));
    expect(warned).toEqual([2, 3, 4]);
    expect(r.trustedCount).toBe(2);
  });

  it('parses forwarded addresses strictly', () => {
    expect(parseForwardedAddress('"[::1]:80"')).toBe('::1');
    expect(parseForwardedAddress('1.2.3.4:99')).toBe('1.2.3.4');
    expect(parseForwardedAddress('1.2.3.4.5')).toBeNull();
    expect(parseForwardedAddress('')).toBeNull();
  });
});
