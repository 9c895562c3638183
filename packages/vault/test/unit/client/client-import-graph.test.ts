import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { staticImportGraph } from '../../support/import-graph.js';

// The client SDK (@runevault/vault/client) must not carry the server: a user who installs it to
// call a vault gets no JWT verifier, no health service, no token store. Every entry of src/ is
// either server-side (the client may not reach it) or shared (both sides import it).
const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

const SERVER_FOLDERS = [
  'admin',
  'audit',
  'cli',
  'config',
  'daemon',
  'fs',
  'grpc',
  'http',
  'log',
  'metrics',
  'oidc',
  'tls',
  'tokens',
];
const SERVER_FILES = [
  'call-outcome.ts',
  'dev.ts',
  'index.ts',
  'redact.ts',
  'vault-operations.ts',
  'vault.ts',
  // node-seal's server use: decrypting with the secret key, in workers.
  'fhe/ciphertext-limits.ts',
  'fhe/decrypt-core.ts',
  'fhe/score-decryptor-pool.ts',
  'fhe/score-decryptor-worker.ts',
  'fhe/worker-retirement.ts',
  'metadata/decrypt-metadata-list.ts',
  'metadata/index.ts',
];
const SHARED = ['client', 'protocol', 'generated', 'fhe', 'metadata', 'net', 'errors.ts', 'proto-dir.ts'];

/** Everything the client may load at run time besides Node's builtins. */
const CLIENT_PACKAGES = ['@grpc/grpc-js', '@grpc/proto-loader', 'node-seal', 'protobufjs'];

const isServerSide = (file: string) =>
  SERVER_FILES.includes(file) || SERVER_FOLDERS.includes(file.split('/')[0] as string);

describe('the client SDK import graph', () => {
  const graph = staticImportGraph(`${SRC}client/index.ts`, SRC);

  it('reaches no server folder or server file', () => {
    const reached = [...graph.files]
      .filter(([file]) => isServerSide(file))
      .map(([, chain]) => chain.join(' → '));
    expect(reached).toEqual([]);
  });

  it('loads only the client packages (no jose, grpc-health-check, @grpc/reflection)', () => {
    const extra = [...graph.packages]
      .filter(([pkg]) => !pkg.startsWith('node:') && !CLIENT_PACKAGES.includes(pkg))
      .map(([, chain]) => chain.join(' → '));
    expect(extra).toEqual([]);
  });

  it('walks the whole SDK (the resolver follows the re-exports)', () => {
    expect([...graph.files.keys()]).toEqual(
      expect.arrayContaining([
        'client/vault-client.ts',
        'client/token-exchange-client.ts',
        'fhe/ckks-params.ts',
      ]),
    );
  });

  it('knows every entry of src/ as server-side or shared, so a new one gets a decision', () => {
    const entries = readdirSync(SRC).filter((name) => !name.startsWith('.'));
    const classified = new Set([...SERVER_FOLDERS, ...SERVER_FILES, ...SHARED]);
    expect(entries.filter((name) => !classified.has(name))).toEqual([]);
  });
});
