// The door's IP checks: the endpoint allowlist (v4, v6, CIDR, IPv4-mapped IPv6, bad entries)
// and the choice of source IP behind trusted proxies, including spoofing attempts.
import { describe, expect, it } from 'vitest';
import { clientIp, compileTrustedProxies } from '../../relay-server/door/client-ip.js';
import { compileAllowlist, IpListError } from '../../relay-server/door/ip-allowlist.js';

describe('compileAllowlist', () => {
  it('allows single IPv4 addresses and CIDR ranges, and nothing else', () => {
    const list = compileAllowlist({ cidrs: ['203.0.113.7', '198.51.100.0/24', '10.0.0.0/8'] });
    expect(list.allows('203.0.113.7')).toBe(true);
    expect(list.allows('203.0.113.8')).toBe(false);
    expect(list.allows('198.51.100.0')).toBe(true);
    expect(list.allows('198.51.100.255')).toBe(true);
    expect(list.allows('198.51.101.0')).toBe(false);
    expect(list.allows('10.255.255.255')).toBe(true);
    expect(list.allows('11.0.0.0')).toBe(false);
    expect(list.warnings).toEqual([]);
  });

  it('allows IPv6 addresses and ranges in any spelling', () => {
    const list = compileAllowlist({ cidrs: ['2001:db8::/32', '::1', 'fd00:0:0:0:0:0:0:1'] });
    expect(list.allows('2001:db8::1')).toBe(true);
    expect(list.allows('2001:0db8:ffff:0000:0000:0000:0000:0001')).toBe(true);
    expect(list.allows('2001:db9::1')).toBe(false);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('0:0:0:0:0:0:0:1')).toBe(true);
    expect(list.allows('fd00::1')).toBe(true);
    expect(list.allows('fd00::2')).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 sender against IPv4 rules, and mapped rules against IPv4 senders', () => {
    const v4Rules = compileAllowlist({ cidrs: ['192.0.2.0/24'] });
    expect(v4Rules.allows('::ffff:192.0.2.9')).toBe(true);
    expect(v4Rules.allows('::ffff:c000:0209')).toBe(true);
    expect(v4Rules.allows('::ffff:192.0.3.9')).toBe(false);
    const mappedRules = compileAllowlist({ cidrs: ['::ffff:192.0.2.0/120', '::ffff:198.51.100.1'] });
    expect(mappedRules.allows('192.0.2.200')).toBe(true);
    expect(mappedRules.allows('198.51.100.1')).toBe(true);
    expect(mappedRules.allows('198.51.100.2')).toBe(false);
  });

  it('keeps IPv4 and IPv6 apart: ::/0 is not every IPv4 sender, 0.0.0.0/0 is not every IPv6 one', () => {
    expect(compileAllowlist({ cidrs: ['::/0'] }).allows('192.0.2.1')).toBe(false);
    expect(compileAllowlist({ cidrs: ['::/0'] }).allows('2001:db8::1')).toBe(true);
    expect(compileAllowlist({ cidrs: ['0.0.0.0/0'] }).allows('2001:db8::1')).toBe(false);
    expect(compileAllowlist({ cidrs: ['0.0.0.0/0'] }).allows('::ffff:192.0.2.1')).toBe(true);
  });

  it('never allows what is not an address', () => {
    const list = compileAllowlist({ cidrs: ['0.0.0.0/0', '::/0'] });
    for (const bad of ['', 'unknown', '1.2.3', '127.1', '0x7f.0.0.1', '1.2.3.4.5', '1.2.3.4/8', '[::1]', 'localhost']) {
      expect(list.allows(bad), bad).toBe(false);
    }
  });

  it('accepts a CIDR with host bits set, matching its network, and says so', () => {
    const list = compileAllowlist({ cidrs: ['192.168.1.10/24', '2001:db8::1/64'] });
    expect(list.allows('192.168.1.200')).toBe(true);
    expect(list.allows('2001:db8::ffff')).toBe(true);
    expect(list.warnings).toEqual([
      '"192.168.1.10/24" has host bits set; it matches 192.168.1.0/24',
      '"2001:db8::1/64" has host bits set; it matches 2001:db8::/64',
    ]);
  });

  it('reports every bad entry at compile time, with its position and the reason', () => {
    let error: unknown;
    try {
      compileAllowlist({
        cidrs: ['10.0.0.0/8', '10.0.0.0/33', '2001:db8::/129', 'example.com', '010.0.0.1', '[::1]', '1.2.3.4/x', ' '],
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(IpListError);
    const problems = (error as IpListError).problems;
    expect(problems.map((p) => [p.index, p.entry])).toEqual([
      [1, '10.0.0.0/33'],
      [2, '2001:db8::/129'],
      [3, 'example.com'],
      [4, '010.0.0.1'],
      [5, '[::1]'],
      [6, '1.2.3.4/x'],
      [7, ' '],
    ]);
    expect(problems[0]!.reason).toBe('has prefix length /33; the most for this address is /32');
    expect(problems[1]!.reason).toBe('has prefix length /129; the most for this address is /128');
    expect(problems[2]!.reason).toContain('not a valid IPv4 address');
    expect(problems[3]!.reason).toContain('four decimal parts');
    expect(problems[4]!.reason).toContain('brackets');
    expect(problems[5]!.reason).toContain('not a number');
    expect(problems[6]!.reason).toBe('is empty');
    expect((error as Error).message).toMatch(/^IP allowlist: entry 2 "10\.0\.0\.0\/33" has prefix length/);
  });

  it('refuses an IPv4-mapped range wider than the IPv4 space', () => {
    expect(() => compileAllowlist({ cidrs: ['::ffff:0.0.0.0/95'] })).toThrow(/shorter than \/96/);
    expect(compileAllowlist({ cidrs: ['::ffff:0.0.0.0/96'] }).allows('8.8.8.8')).toBe(true);
  });
});

describe('clientIp', () => {
  const trusted = compileTrustedProxies(['10.0.0.0/8', 'fd00::/8', '127.0.0.1']);

  it('uses the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp({ socketAddress: '198.51.100.4', forwardedFor: '203.0.113.1', trusted: null })).toEqual({
      ip: '198.51.100.4',
      source: 'socket',
    });
    const none = compileTrustedProxies([]);
    expect(clientIp({ socketAddress: '10.1.1.1', forwardedFor: '203.0.113.1', trusted: none }).ip).toBe('10.1.1.1');
  });

  it('ignores X-Forwarded-For from an untrusted peer (a sender claiming to be an allowed address)', () => {
    const result = clientIp({ socketAddress: '198.51.100.4', forwardedFor: '10.0.0.1, 192.0.2.1', trusted });
    expect(result).toEqual({ ip: '198.51.100.4', source: 'socket' });
  });

  it('normalises a dual-stack socket address to IPv4', () => {
    expect(clientIp({ socketAddress: '::ffff:198.51.100.4', forwardedFor: undefined, trusted }).ip).toBe(
      '198.51.100.4',
    );
    expect(clientIp({ socketAddress: '2001:0db8::0001', forwardedFor: undefined, trusted: null }).ip).toBe(
      '2001:db8::1',
    );
  });

  it('takes the rightmost untrusted hop when the peer is a trusted proxy', () => {
    expect(clientIp({ socketAddress: '10.0.0.5', forwardedFor: '192.0.2.1', trusted })).toEqual({
      ip: '192.0.2.1',
      source: 'x-forwarded-for',
    });
    // The mapped form of a trusted IPv4 proxy is the same proxy.
    expect(clientIp({ socketAddress: '::ffff:127.0.0.1', forwardedFor: '192.0.2.1', trusted }).ip).toBe('192.0.2.1');
  });

  it('skips a chain of trusted proxies and never reads what the client wrote left of the first untrusted hop', () => {
    // The client spoofs 10.9.9.9 and an allowed address; the edge proxy appended the real peer.
    const result = clientIp({
      socketAddress: '10.0.0.5',
      forwardedFor: '203.0.113.50, 10.9.9.9, 198.51.100.7, 10.0.0.9, fd00::3',
      trusted,
    });
    expect(result).toEqual({ ip: '198.51.100.7', source: 'x-forwarded-for' });
  });

  it('reads several X-Forwarded-For header lines as one list in arrival order', () => {
    const lines = ['203.0.113.50', '198.51.100.7, 10.0.0.2', '10.0.0.3'];
    expect(clientIp({ socketAddress: '10.0.0.5', forwardedFor: lines, trusted }).ip).toBe('198.51.100.7');
    // A client sending its own header first cannot push itself past the proxy's line.
    const spoof = ['192.0.2.66', '198.51.100.7'];
    expect(clientIp({ socketAddress: '10.0.0.5', forwardedFor: spoof, trusted }).ip).toBe('198.51.100.7');
  });

  it('accepts ports and brackets as proxies write them, and skips empty list elements', () => {
    const at = (forwardedFor: string) => clientIp({ socketAddress: '10.0.0.5', forwardedFor, trusted }).ip;
    expect(at('192.0.2.1:5123')).toBe('192.0.2.1');
    expect(at('[2001:db8::7]:443')).toBe('2001:db8::7');
    expect(at('[2001:db8::7]')).toBe('2001:db8::7');
    expect(at('2001:db8::7')).toBe('2001:db8::7');
    expect(at('192.0.2.1, , ')).toBe('192.0.2.1');
  });

  it('stops at garbage and falls back to the nearest trusted hop, with a note', () => {
    for (const garbage of [
      'unknown',
      '_hidden',
      '1.2.3',
      '0x7f.1',
      '[::1',
      '[::1]x',
      '192.0.2.1:port',
      'a'.repeat(200),
    ]) {
      const result = clientIp({ socketAddress: '10.0.0.5', forwardedFor: `192.0.2.1, ${garbage}, 10.0.0.8`, trusted });
      expect(result.ip, garbage).toBe('10.0.0.8');
      expect(result.source).toBe('x-forwarded-for');
      expect(result.note).toMatch(/is not an IP address/);
      expect(result.note!.length).toBeLessThan(120);
    }
    const direct = clientIp({ socketAddress: '10.0.0.5', forwardedFor: 'garbage', trusted });
    expect(direct).toMatchObject({ ip: '10.0.0.5', source: 'socket' });
  });

  it('returns the farthest hop when every hop is a trusted proxy, and the peer without a header', () => {
    expect(clientIp({ socketAddress: '10.0.0.5', forwardedFor: '10.0.0.7, 10.0.0.6', trusted }).ip).toBe('10.0.0.7');
    expect(clientIp({ socketAddress: '10.0.0.5', forwardedFor: undefined, trusted })).toEqual({
      ip: '10.0.0.5',
      source: 'socket',
    });
    expect(clientIp({ socketAddress: '10.0.0.5', forwardedFor: '', trusted }).ip).toBe('10.0.0.5');
  });

  it('reports an unknown socket address rather than inventing one', () => {
    expect(clientIp({ socketAddress: undefined, forwardedFor: '192.0.2.1', trusted })).toMatchObject({
      ip: '',
      source: 'socket',
    });
  });

  it('names a bad trusted-proxy entry', () => {
    expect(() => compileTrustedProxies(['10.0.0.0/8', 'proxy.internal'])).toThrow(
      /^trusted proxies: entry 2 "proxy\.internal"/,
    );
  });
});
