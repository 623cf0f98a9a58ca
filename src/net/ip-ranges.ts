// Which IP addresses a fetch may connect to: public unicast only. Loopback, private, link-local (and so the
// cloud metadata address), CGNAT, documentation, benchmark, multicast, reserved and unspecified addresses are
// refused, in IPv4 and IPv6, including IPv4 addresses carried inside IPv6 (mapped, compatible, NAT64, 6to4).
import { isIPv4, isIPv6 } from 'node:net';

type Range = readonly [prefix: readonly number[], bits: number, why: string];

const V4_BLOCKED: readonly Range[] = [
  [[0], 8, 'unspecified ("this network")'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'shared address space (CGNAT)'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local (cloud metadata)'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'IETF protocol assignments'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, '6to4 relay anycast'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'benchmarking'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

const V6_BLOCKED: readonly Range[] = [
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'discard-only'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x20, 0x01, 0x00, 0x00], 32, 'Teredo'],
  [[0x20, 0x01, 0x00, 0x10], 28, 'ORCHID'],
  [[0xfc], 7, 'unique local (private)'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'site-local'],
  [[0xff], 8, 'multicast'],
];

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const take = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Bytes(address: string): number[] | null {
  if (!isIPv4(address)) return null;
  return address.split('.').map(Number);
}

/** 16 bytes of an IPv6 address (with or without an embedded dotted IPv4 tail and zone), or null. */
export function v6Bytes(address: string): number[] | null {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(text)) return null;
  let head = text;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (dotted) {
    const v4 = v4Bytes(dotted[1]!);
    if (!v4) return null;
    tail.push(...v4);
    head = head.slice(0, -dotted[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = 8 - tail.length / 2;
  const [left = '', right] = head.split('::') as [string, string | undefined];
  const parse = (part: string) =>
    part
      ? part
          .split(':')
          .filter((g) => g !== '')
          .map((g) => parseInt(g, 16))
      : [];
  const l = parse(left);
  const r = right === undefined ? [] : parse(right);
  const groups = right === undefined ? l : [...l, ...new Array<number>(groupsWanted - l.length - r.length).fill(0), ...r];
  if (groups.length !== groupsWanted) return null;
  return [...groups.flatMap((g) => [g >> 8, g & 0xff]), ...tail];
}

/** Why an address must not be fetched from, or null when it is public unicast. Unparseable: refused. */
export function blockedReason(address: string): string | null {
  const v4 = v4Bytes(address);
  if (v4) {
    if (v4.every((b) => b === 255)) return 'broadcast';
    return V4_BLOCKED.find((r) => inRange(v4, r))?.[2] ?? null;
  }
  const v6 = v6Bytes(address);
  if (!v6) return 'not an IP address';
  if (v6.every((b) => b === 0)) return 'unspecified';
  if (v6.slice(0, 15).every((b) => b === 0) && v6[15] === 1) return 'loopback';
  const embedded = (from: number) => v6.slice(from, from + 4).join('.');
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible, deprecated), 64:ff9b::a.b.c.d and 64:ff9b:1::/48 (NAT64).
  if (v6.slice(0, 10).every((b) => b === 0) && ((v6[10] === 0xff && v6[11] === 0xff) || (v6[10] === 0 && v6[11] === 0))) {
    const inner = blockedReason(embedded(12));
    return inner ? `${inner} (IPv4 inside IPv6)` : null;
  }
  if (inRange(v6, [[0x00, 0x64, 0xff, 0x9b], 32, ''])) {
    const inner = blockedReason(embedded(12));
    return inner ? `${inner} (via NAT64)` : null;
  }
  if (inRange(v6, [[0x20, 0x02], 16, ''])) {
    const inner = blockedReason(embedded(2));
    return inner ? `${inner} (via 6to4)` : null;
  }
  return V6_BLOCKED.find((r) => inRange(v6, r))?.[2] ?? null;
}

export function isPublicAddress(address: string): boolean {
  return blockedReason(address) === null;
}
