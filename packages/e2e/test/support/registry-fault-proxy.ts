// A fault injector in front of a real registry: an HTTP proxy on loopback that forwards every
// request unchanged, except the next N manifest requests (GET/HEAD /v2/<name>/manifests/<ref>)
// once armed, which it answers itself as a registry under load does (429 TOOMANYREQUESTS, or
// any status). The registry behind it stays real; only the refusals are made up.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const MANIFEST_PATH = /^\/v2\/.+\/manifests\/[^/]+$/;

export interface InjectedFault {
  status: number;
  /** The registry error code of the body, e.g. TOOMANYREQUESTS (distribution's spec). */
  code: string;
}

export interface RegistryFaultProxy {
  /** host:port to put in an image reference instead of the registry's. */
  host: string;
  /** Answer the next `count` manifest requests with `fault` instead of forwarding them. */
  failNextManifests(count: number, fault?: InjectedFault): void;
  /** Every manifest request seen, in order, with the status it got. */
  manifestRequests(): { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

const TOO_MANY_REQUESTS: InjectedFault = { status: 429, code: 'TOOMANYREQUESTS' };

export async function startRegistryFaultProxy(target: string): Promise<RegistryFaultProxy> {
  const at = target.lastIndexOf(':');
  const targetHost = target.slice(0, at);
  const targetPort = Number(target.slice(at + 1));
  let armed = 0;
  let fault = TOO_MANY_REQUESTS;
  const seen: { method: string; path: string; status: number }[] = [];
  const sockets = new Set<Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse, record?: { status: number }) => {
    const upstream = request(
      { host: targetHost, port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (record) record.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!MANIFEST_PATH.test(path)) {
      forward(req, res);
      return;
    }
    const record = { method: req.method ?? '', path, status: 0 };
    seen.push(record);
    if (armed > 0) {
      armed--;
      record.status = fault.status;
      const body = JSON.stringify({
        errors: [{ code: fault.code, message: 'injected by the test fault proxy', detail: null }],
      });
      res.writeHead(fault.status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      req.resume();
      return;
    }
    forward(req, res, record);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    failNextManifests: (count, injected = TOO_MANY_REQUESTS) => {
      armed = count;
      fault = injected;
    },
    manifestRequests: () => seen.map((entry) => ({ ...entry })),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
