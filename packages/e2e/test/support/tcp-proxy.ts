import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import type { Closable } from './fake-servers.js';

/**
 * A loopback TCP proxy: every connection to it is piped to `target` (host:port). It knows
 * nothing of gRPC or HTTP, so a vault reached through it is a vault behind a proxy, as a
 * caller on another network would see it. `connections` counts what went through.
 */
export async function startTcpProxy(
  target: string,
): Promise<Closable & { address: string; port: number; connections(): number }> {
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.slice(at + 1));
  const open = new Set<Socket>();
  let count = 0;
  const server = createServer((client) => {
    count++;
    const upstream = connect({ host, port });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      // Either side failing ends both: the proxy never holds a half-open pair.
      socket.once('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${own}`,
    port: own,
    connections: () => count,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
