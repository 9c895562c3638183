import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import type { VaultUnderTest } from '../../src/vault-under-test.js';

// Stand-ins that answer like a broken vault, to prove each case can fail.

export interface Closable {
  close(): Promise<void>;
}

/** An HTTP server answering every GET with `status` and `body`. */
export function startFakeHttp(
  status: number,
  body: string,
  contentType = 'application/json',
): Promise<Closable & { url: string }> {
  return listenFakeHttp((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  });
}

/** An HTTP server answering GET `path` with what `routes[path]` returns now (404 elsewhere). */
export function startFakeHttpRoutes(
  routes: Record<string, () => { status: number; body: string }>,
): Promise<Closable & { url: string }> {
  return listenFakeHttp((req, res) => {
    const route = routes[req.url ?? ''];
    const { status, body } = route ? route() : { status: 404, body: 'not found' };
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(body);
  });
}

async function listenFakeHttp(handler: http.RequestListener): Promise<Closable & { url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A bare grpc-js server on loopback with whatever `setup` adds. */
export async function startBareGrpc(
  setup: (server: grpc.Server) => void,
  options: grpc.ServerOptions = {},
): Promise<Closable & { address: string }> {
  const server = new grpc.Server(options);
  setup(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    close: async () => server.forceShutdown(),
  };
}

/** Adds grpc.health.v1.Health answering `status` for "" and the vault service. */
export function addHealth(server: grpc.Server, status: ServingStatus): void {
  new HealthImplementation({ '': status, 'rune.vault.v1.VaultService': status }).addToServer(server);
}

const VAULT_PROTO_DIR = fileURLToPath(new URL('../../../vault/proto', import.meta.url));

/** rune.vault.v1.VaultService from the vault's own proto, for stand-ins to implement. */
export function vaultServiceDefinition(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync('rune/vault/v1/vault_service.proto', {
    keepCase: true,
    defaults: true,
    includeDirs: [VAULT_PROTO_DIR],
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    rune: { vault: { v1: { VaultService: grpc.ServiceClientConstructor } } };
  };
  return loaded.rune.vault.v1.VaultService.service;
}

/** Adds a VaultService (the vault's own proto) whose GetPublicKey accepts any token. */
export function addCredulousVaultService(server: grpc.Server): void {
  const unimplemented: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: 'fake' });
  server.addService(vaultServiceDefinition(), {
    GetPublicKey: ((_call, callback) =>
      callback(null, { key_bundle_json: '{"key_id":"fake"}' })) as grpc.handleUnaryCall<unknown, unknown>,
    DecryptScores: unimplemented,
    DecryptMetadata: unimplemented,
  });
}

/** A VaultUnderTest pointing wherever `over` says; everything else refuses to be used. */
export function fakeVaultUnderTest(over: Partial<VaultUnderTest>): VaultUnderTest {
  const unused = async () => {
    throw new Error('not available on this fake vault');
  };
  return {
    driver: 'address',
    grpcAddress: '127.0.0.1:1',
    httpUrl: 'http://127.0.0.1:1',
    token: `evt_${'0'.repeat(32)}`,
    issueToken: unused,
    createRole: unused,
    readLogs: async () => '',
    knownSecrets: async () => ({ secKeyFragments: [] }),
    stop: async () => {},
    ...over,
  };
}
