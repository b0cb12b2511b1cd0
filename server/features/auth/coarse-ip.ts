/**
 * A session's address as the sessions page shows it: enough to tell "home" from "somewhere else",
 * never the full address (IPv4 → the first three octets and "x"; IPv6 → the first three groups,
 * about a provider's allocation, and "…"). Anything that is not an address reads as null.
 */
const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const GROUP = /^[0-9a-f]{1,4}$/;

function ipv4Octets(ip: string): string[] | null {
  const parts = ip.split(".");
  return parts.length === 4 && parts.every((p) => OCTET.test(p)) ? parts : null;
}

/** The eight groups of an IPv6 address (an embedded IPv4 tail becomes two), or null. */
function ipv6Groups(ip: string): string[] | null {
  let text = ip.toLowerCase();
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const octets = ipv4Octets(tail[2]!);
    if (!octets) return null;
    const [a, b, c, d] = octets.map(Number) as [number, number, number, number];
    text = `${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const split = (s: string) => (s === "" ? [] : s.split(":"));
  const head = split(halves[0]!);
  const rest = halves.length === 2 ? split(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  return groups.every((g) => GROUP.test(g)) ? groups.map((g) => g.replace(/^0+(?=.)/, "")) : null;
}

export function coarseIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const bare = ip.trim().replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const v4 = ipv4Octets(bare);
  if (v4) return `${v4.slice(0, 3).join(".")}.x`;
  const groups = ipv6Groups(bare);
  if (!groups) return null;
  // An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) is shown as the IPv4 it is.
  if (groups.slice(0, 5).every((g) => g === "0") && groups[5] === "ffff") {
    const hi = parseInt(groups[6]!, 16);
    const lo = parseInt(groups[7]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.x`;
  }
  return `${groups.slice(0, 3).join(":")}…`;
}
