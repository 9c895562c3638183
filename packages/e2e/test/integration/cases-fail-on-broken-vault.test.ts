import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHostileInputCase } from '../../src/cases/hostile-input.js';
import {
  auditAlertCase,
  auditLogCase,
  authRejectedCase,
  type E2eCase,
  grpcHealthCase,
  healthCase,
  metricsCase,
  publicKeyCase,
  reflectionCase,
} from '../../src/cases/index.js';
import { type CaseResult, runCases } from '../../src/runner.js';
import type { VaultUnderTest } from '../../src/vault-under-test.js';
import {
  addCredulousVaultService,
  addHealth,
  type Closable,
  fakeVaultUnderTest,
  startBareGrpc,
  startFakeHttp,
  startFakeHttpRoutes,
} from '../support/fake-servers.js';
import { type InProcessVault, startInProcessVault } from '../support/in-process-vault.js';
import { startPreHardeningVault } from '../support/pre-hardening-vault.js';

// The suite is only worth something if it can fail: each core case against a vault that is
// wrong in exactly the way that case checks must fail and say what it expected and got.

const opened: Closable[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function failureOf(vault: VaultUnderTest, c: E2eCase): Promise<CaseResult> {
  const result = await runCases(vault, [c]);
  const only = result.cases[0] as CaseResult;
  expect(only.status, `case ${c.name} should fail, it said: ${only.message}`).toBe('failed');
  return only;
}

describe('cases fail against stand-ins that answer wrongly', () => {
  it('1 health: /health answering 503 unhealthy', async () => {
    const fake = await startFakeHttp(503, '{"status":"unhealthy"}');
    opened.push(fake);
    const { message } = await failureOf(fakeVaultUnderTest({ httpUrl: fake.url }), healthCase);
    expect(message).toMatch(
      /^expected 200 \{"status":"healthy"\} from GET \/health, got 503 \{"status":"unhealthy"\}$/,
    );
  });

  it('2 metrics: /metrics without vault_requests_total', async () => {
    const fake = await startFakeHttp(
      200,
      '# HELP other_total x\n# TYPE other_total counter\nother_total 1\n',
      'text/plain',
    );
    opened.push(fake);
    const { message } = await failureOf(fakeVaultUnderTest({ httpUrl: fake.url }), metricsCase);
    expect(message).toMatch(
      /^expected .*vault_requests_total.*, got 1 metric families without it \(other_total\)/,
    );
  });

  it('3 reflection: a gRPC server without reflection', async () => {
    const server = await startBareGrpc((s) => addHealth(s, 'SERVING'));
    opened.push(server);
    const { message } = await failureOf(fakeVaultUnderTest({ grpcAddress: server.address }), reflectionCase);
    expect(message).toMatch(
      /^expected reflection list_services to list rune\.vault\.v1\.VaultService, got UNIMPLEMENTED/,
    );
  });

  it('4 grpc-health: health reporting NOT_SERVING', async () => {
    const server = await startBareGrpc((s) => addHealth(s, 'NOT_SERVING'));
    opened.push(server);
    const { message } = await failureOf(fakeVaultUnderTest({ grpcAddress: server.address }), grpcHealthCase);
    expect(message).toMatch(
      /^expected SERVING from grpc\.health\.v1\.Health\/Check for "", got NOT_SERVING$/,
    );
  });

  it('6 auth-rejected: a VaultService that accepts any token', async () => {
    const server = await startBareGrpc(addCredulousVaultService);
    opened.push(server);
    const { message } = await failureOf(
      fakeVaultUnderTest({ grpcAddress: server.address }),
      authRejectedCase,
    );
    expect(message).toMatch(
      /^expected GetPublicKey with a well-formed unknown token → UNAUTHENTICATED, got OK .*fake/,
    );
  });
});

describe('cases fail against a real vault configured wrongly', () => {
  let quiet: InProcessVault;
  let deaf: InProcessVault;
  beforeAll(async () => {
    // Audit off entirely, and alerting raised out of reach of five failures.
    quiet = await startInProcessVault({ config: { audit: { mode: '' } } });
    deaf = await startInProcessVault({ config: { audit: { alert: { auth_failure_threshold: 50 } } } });
  });
  afterAll(async () => {
    await quiet?.stop();
    await deaf?.stop();
  });

  it('5 public-key: a token the vault never issued', async () => {
    const { message } = await failureOf({ ...deaf, token: `evt_${'a'.repeat(32)}` }, publicKeyCase);
    expect(message).toMatch(
      /^expected GetPublicKey with the issued token to succeed, got UNAUTHENTICATED: Invalid authentication token$/,
    );
  });

  it('7 audit-log: audit mode "" writes no lines', async () => {
    const { message, logExcerpt } = await failureOf(quiet, auditLogCase);
    expect(message).toMatch(
      /^expected a JSON audit line per call by 'e2e-audit-[0-9a-f]+' \(GetPublicKey ×2, DecryptMetadata ×1\) .*, got lines for none among \d+ log lines$/,
    );
    expect(logExcerpt).toContain('serving gRPC');
  });

  it('8 audit-alert: the threshold raised to 50', async () => {
    const { message } = await failureOf(deaf, auditAlertCase);
    expect(message).toMatch(
      /^expected an AUDIT_ALERT … auth_failure_threshold line after 5 bad tokens from one client, got none within \d+ s/,
    );
  });
});

describe('17 hostile-input fails against a vault that is not hardened', () => {
  const MIB = 1024 * 1024;
  // The same options pass against the hardened vault (cases-pass-on-in-process-vault); 32 MiB
  // bombs are enough to show SEAL inflating them, and keep this worker's WASM memory modest.
  const hostileInput = createHostileInputCase({ maxRequestBytes: 8 * MIB, bombBytes: 32 * MIB });
  let hardened: InProcessVault;
  beforeAll(async () => {
    hardened = await startInProcessVault({ config: { server: { grpc: { max_request_bytes: 8 * MIB } } } });
  });
  afterAll(async () => {
    await hardened?.stop();
  });

  it('accepting compression, receiving 256 MB and decoding before auth: each named, memory over the bound', async () => {
    const old = await startPreHardeningVault(hardened, 'NOT_SERVING');
    opened.push(old);
    const { message } = await failureOf(old, hostileInput);
    // The zlib ciphertext is a real one: the stand-in (SEAL as is) decrypts it.
    expect(message).toMatch(
      /a zlib-compressed ciphertext \(SEAL compression mode 1\) → INVALID_ARGUMENT, got OK \{"results":\[\{"shard_idx":0/,
    );
    expect(message).toMatch(/a 8389677-byte DecryptScores \(limit 8388608\) → RESOURCE_EXHAUSTED, got OK/);
    expect(message).toMatch(
      /an unknown token with a 4 MiB blob → UNAUTHENTICATED, got INVALID_ARGUMENT: encrypted_blob_b64: must be valid base64/,
    );
    // The bombs themselves are refused (SEAL finds no ciphertext in the zeros), after inflating them.
    expect(message).not.toMatch(/bomb .* got/);
    expect(message).toMatch(/process_resident_memory_bytes grew by \d+\.\d MiB .*, over the 100 MiB bound/);
    expect(message).toMatch(
      /afterwards SERVING from grpc\.health\.v1\.Health\/Check for "", got NOT_SERVING/,
    );
  });

  it('memory growing and /health failing afterwards, the gRPC side hardened', async () => {
    let resident = 300 * MIB;
    const observability = await startFakeHttpRoutes({
      '/metrics': () => {
        resident += 150 * MIB;
        return { status: 200, body: `process_resident_memory_bytes ${resident}\n` };
      },
      '/health': () => ({ status: 503, body: '{"status":"unhealthy"}' }),
    });
    opened.push(observability);
    const { message } = await failureOf({ ...hardened, httpUrl: observability.url }, hostileInput);
    expect(message).toMatch(
      /, got process_resident_memory_bytes grew by 150 MiB \(450 MiB → 600 MiB\), over the 100 MiB bound; afterwards 200 \{"status":"healthy"\} from GET \/health, got 503 \{"status":"unhealthy"\}$/,
    );
  });
});
