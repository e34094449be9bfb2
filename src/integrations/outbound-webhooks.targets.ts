import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Where an address points. Anything but `public` is inside the server's own network (or the
 * cloud's metadata service at 169.254.169.254), which an outbound webhook must not reach unless
 * the self-hoster allows it (OUTBOUND_WEBHOOKS_ALLOW_PRIVATE).
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  'link-local': 'a link-local address (such as the cloud metadata service)',
  'unique-local': 'a unique-local IPv6 address',
  unspecified: 'an unspecified address',
  reserved: 'a reserved or multicast address',
  invalid: 'not a valid address',
};

function ipv4Kind(octets: number[]): AddressKind {
  const [a = 0, b = 0] = octets;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  // Carrier-grade NAT space is as internal as RFC 1918 from the server's point of view.
  if (a === 100 && b >= 64 && b <= 127) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224) return 'reserved';
  return 'public';
}

function parseIpv4(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : null;
}

/** Eight 16-bit groups, or null. Accepts `::` shortening and a dotted IPv4 tail. */
function parseIpv6(address: string): number[] | null {
  let text = address.split('%')[0] ?? '';
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1]) {
    const v4 = parseIpv4(tail[1]);
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const values = all.map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : Number.NaN));
  return values.every((v) => !Number.isNaN(v)) ? values : null;
}

/** Classifies an IP address (IPv4, IPv6, IPv4-mapped IPv6); a pure function. */
export function classifyAddress(address: string): AddressKind {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare.split('%')[0] ?? '');
  if (family === 4) {
    const v4 = parseIpv4(bare);
    return v4 ? ipv4Kind(v4) : 'invalid';
  }
  if (family !== 6) return 'invalid';
  const g = parseIpv6(bare);
  if (!g) return 'invalid';
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embeddedV4 = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64) reach an IPv4 host.
  if (zeroTo(5) && g5 === 0xffff) return ipv4Kind(embeddedV4);
  if (zeroTo(6)) return ipv4Kind(embeddedV4);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return ipv4Kind(embeddedV4);
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xff00) === 0xff00) return 'reserved';
  return 'public';
}

export type Lookup = (hostname: string) => Promise<string[]>;

const systemLookup: Lookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface TargetPolicy {
  /** OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: internal hosts and plain http are allowed. */
  allowPrivate: boolean;
  lookup?: Lookup;
}

/**
 * Why a webhook may not post to `url`, or null when it may. Resolves the host name and checks every
 * address, so a public-looking name that points inside the network is refused too. Delivery checks
 * just before it posts; a name re-pointed between the check and the connection is not caught.
 */
export async function refusedTarget(url: string, policy: TargetPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not valid.';
  }
  if (policy.allowPrivate) return null;
  if (parsed.protocol !== 'https:')
    return 'The URL must use https (plain http is allowed only when OUTBOUND_WEBHOOKS_ALLOW_PRIVATE is set).';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch {
      // A name that does not resolve reaches nothing: the post would fail and be retried, and each
      // delivery checks again, so an admin may save a URL before its DNS exists.
      return null;
    }
  }
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public')
      return `The URL points to ${address}, ${KIND_WORDS[kind]}; webhooks may post only to public hosts unless OUTBOUND_WEBHOOKS_ALLOW_PRIVATE is set.`;
  }
  return null;
}
