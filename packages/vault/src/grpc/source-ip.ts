// grpc-js reports the peer as "ipv4:1.2.3.4:5", "ipv6:[::1]:5", "1.2.3.4:5" or "[::1]:5"
// depending on version and family; the audit log wants the bare address.
export function sourceIpFromPeer(peer: string): string {
  const withoutScheme = peer.replace(/^(ipv4|ipv6|unix):/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(withoutScheme);
  if (bracketed?.[1]) return bracketed[1];
  const hostPort = /^([^:]+):\d+$/.exec(withoutScheme);
  if (hostPort?.[1]) return hostPort[1];
  return withoutScheme || 'unknown';
}
