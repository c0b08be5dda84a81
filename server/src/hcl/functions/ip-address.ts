/**
 * IP addresses and prefixes as Go's `net` package parses and prints them, held as BigInt so IPv4 and IPv6
 * share one arithmetic (what apparentlymart/go-cidr does with math/big).
 */

export interface IpNetwork {
  /** The network address (the parsed address with host bits cleared). */
  readonly ip: bigint;
  /** 32 for IPv4, 128 for IPv6. */
  readonly bits: number;
  readonly prefix: number;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    // Go rejects leading zeros, which older resolvers read as octal.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(p);
  }
  return out;
}

function parseIpv6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): bigint[] | undefined => {
    if (part === '') return [];
    const out: bigint[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(BigInt('0x' + item));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let out = 0n;
  for (const g of [...head, ...Array<bigint>(Math.max(missing, 0)).fill(0n), ...tail]) out = (out << 16n) | g;
  return out;
}

export const allOnes = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

export function maskOf(prefix: number, bits: number): bigint {
  return allOnes(bits) ^ allOnes(bits - prefix);
}

/** Go's net.ParseCIDR; the error text is net.ParseError's. */
export function parseCidr(s: string): IpNetwork {
  const slash = s.indexOf('/');
  const invalid = new Error(`invalid CIDR address: ${s}`);
  if (slash < 0) throw invalid;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  const isV6 = addr.includes(':');
  const ip = isV6 ? parseIpv6(addr) : parseIpv4(addr);
  const bits = isV6 ? 128 : 32;
  if (ip === undefined || !/^[0-9]+$/.test(maskText)) throw invalid;
  const prefix = Number(maskText);
  if (prefix > bits) throw invalid;
  return { ip: ip & maskOf(prefix, bits), bits, prefix };
}

/** Go's net.IP.String(): dotted quad for IPv4 (and IPv4-mapped IPv6), RFC 5952 for IPv6. */
export function formatIp(ip: bigint, bits: number): string {
  if (bits === 32 || ip >> 32n === 0xffffn) {
    const v4 = ip & 0xffffffffn;
    return [24n, 16n, 8n, 0n].map((sh) => String((v4 >> sh) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

export function formatNetwork(n: IpNetwork): string {
  return `${formatIp(n.ip, n.bits)}/${n.prefix}`;
}

export function lastAddress(n: IpNetwork): bigint {
  return n.ip | allOnes(n.bits - n.prefix);
}

export function contains(n: IpNetwork, ip: bigint): boolean {
  return (ip & maskOf(n.prefix, n.bits)) === n.ip;
}
