import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScoresBase64 } from '../../src/client/encrypt-scores.js';
import { healthClient, listServicesByReflection } from '../support/grpc-probes.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

const METRIC_NAMES = [
  'vault_requests_total',
  'vault_request_duration_seconds',
  'vault_auth_failures_total',
  'vault_audit_alerts_total',
  'vault_audit_write_failures_total',
  'vault_tokens_active',
  'vault_up',
  'process_cpu_seconds_total',
];

let t: TestVault;
beforeAll(async () => {
  t = await startTestVault();
});
afterAll(async () => {
  await t?.stop();
});

describe('HTTP listener', () => {
  it('GET /health → 200 {"status":"healthy"} while serving', async () => {
    const res = await fetch(`${t.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'healthy' });
  });

  it('GET /metrics → Prometheus text with every vault metric, labelled by method and status', async () => {
    await t.client.getPublicKey(t.memberToken);
    const res = await fetch(`${t.httpUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of METRIC_NAMES) expect(text).toContain(name);
    expect(text).toMatch(/vault_requests_total\{method="GetPublicKey",status="success"\} [1-9]/);
    expect(text).toMatch(/^vault_up 1$/m);
    expect(text).toMatch(/^vault_tokens_active 2$/m);
  });

  it('unknown paths → 404 naming the route; other methods → 405', async () => {
    const missing = await fetch(`${t.httpUrl}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'No route for GET /nope' });
    expect((await fetch(`${t.httpUrl}/health`, { method: 'POST' })).status).toBe(405);
  });
});

describe('gRPC health and reflection', () => {
  it('reports SERVING for "" and rune.vault.v1.VaultService', async () => {
    const health = healthClient(t.vault.grpcAddress);
    try {
      expect(await health.check('')).toBe('SERVING');
      expect(await health.check('rune.vault.v1.VaultService')).toBe('SERVING');
    } finally {
      health.close();
    }
  });

  it('reflection lists every service', async () => {
    const services = await listServicesByReflection(t.vault.grpcAddress);
    expect(services).toEqual(
      expect.arrayContaining([
        'rune.vault.v1.VaultService',
        'rune.vault.v1.TokenExchangeService',
        'grpc.health.v1.Health',
      ]),
    );
  });
});

describe('shutdown', () => {
  it('goes NOT_SERVING at once, answers /health 503, and drains the call in flight', async () => {
    const own = await startTestVault();
    const health = healthClient(own.vault.grpcAddress);
    const statuses: string[] = [];
    const watch = health.watch('');
    watch.on('data', (m) => statuses.push(m.status));
    watch.on('error', () => {});
    try {
      const bundle = await own.client.getPublicKeyBundle(own.memberToken);
      const scores = Array.from({ length: 4096 }, (_, i) => (i % 97) / 100);
      const blob = await encryptScoresBase64(
        bundle['EncKey.json'],
        Array.from({ length: 24 }, (_, shardIdx) => ({ shardIdx, scores })),
      );
      let settled = false;
      const inFlight = own.client.decryptScores(own.memberToken, blob, 5).finally(() => {
        settled = true;
      });
      while (own.vault.activeCalls() === 0 && !settled) await new Promise((r) => setTimeout(r, 5));
      expect(settled).toBe(false);
      const closing = own.vault.close();
      expect(own.vault.isServing()).toBe(false);
      const during = await fetch(`${own.httpUrl}/health`);
      expect(during.status).toBe(503);
      expect(await during.json()).toEqual({ status: 'unhealthy' });
      const { results } = await inFlight;
      expect(results).toHaveLength(5);
      await closing;
      expect(statuses[0]).toBe('SERVING');
      expect(statuses).toContain('NOT_SERVING');
      await expect(fetch(`${own.httpUrl}/health`)).rejects.toThrow();
    } finally {
      watch.cancel();
      health.close();
      await own.stop();
    }
  });
});
