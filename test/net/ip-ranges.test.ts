import { describe, expect, it } from 'vitest';
import { blockedReason, isPublicAddress, v6Bytes } from '../../src/net/ip-ranges.ts';

describe('which addresses may be fetched from', () => {
  it('refuses loopback, private, link-local, metadata, CGNAT, multicast, reserved and unspecified IPv4', () => {
    for (const ip of [
      '127.0.0.1',
      '127.255.0.9',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.100.100.200',
      '0.0.0.0',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '192.0.2.10',
      '198.18.0.1',
    ]) {
      expect(blockedReason(ip), ip).not.toBeNull();
    }
  });

  it('lets public IPv4 through', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '11.0.0.1'])
      expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('refuses IPv6 loopback, unspecified, unique-local, link-local, multicast and IPv4 inside IPv6', () => {
    for (const ip of [
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '2001:db8::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.8',
      '::ffff:a9fe:a9fe',
      '::127.0.0.1',
      '64:ff9b::10.0.0.1',
      '2002:7f00:1::',
      '[::1]',
    ]) {
      expect(blockedReason(ip), ip).not.toBeNull();
    }
  });

  it('lets public IPv6 through, and IPv4-mapped public addresses', () => {
    for (const ip of ['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(isPublicAddress(ip), ip).toBe(true);
    }
  });

  it('refuses what is not an address at all', () => {
    expect(blockedReason('localhost')).toBe('not an IP address');
    expect(blockedReason('1.2.3')).toBe('not an IP address');
  });

  it('parses IPv6 forms to the same bytes', () => {
    expect(v6Bytes('::ffff:127.0.0.1')).toEqual(v6Bytes('::ffff:7f00:1'));
    expect(v6Bytes('0:0:0:0:0:0:0:1')).toEqual(v6Bytes('::1'));
  });
});
