import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createVaultMetrics, REQUEST_DURATION_BUCKETS } from '../../../src/metrics/vault-metrics.js';

const NAMES = [
  'vault_requests_total',
  'vault_request_duration_seconds',
  'vault_auth_failures_total',
  'vault_audit_alerts_total',
  'vault_audit_write_failures_total',
  'vault_tokens_active',
  'vault_up',
  'vault_token_exchanges_total',
];

describe('createVaultMetrics', () => {
  it('renders every vault metric plus default process metrics', async () => {
    const metrics = createVaultMetrics();
    const text = await metrics.render();
    for (const name of NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain('# TYPE vault_requests_total counter');
    expect(text).toContain('# TYPE vault_request_duration_seconds histogram');
    expect(text).toContain('# TYPE vault_tokens_active gauge');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_total_bytes \d/m);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('starts with vault_up 0 and every method×status request series at 0', async () => {
    const text = await createVaultMetrics().render();
    expect(text).toMatch(/^vault_up 0$/m);
    for (const method of ['GetPublicKey', 'DecryptScores', 'DecryptMetadata', 'ExchangeToken']) {
      for (const status of ['success', 'denied', 'error']) {
        expect(text).toContain(`vault_requests_total{method="${method}",status="${status}"} 0`);
      }
    }
  });

  it('labels requests by method and status, durations by method with 1 ms..10 s buckets', async () => {
    const metrics = createVaultMetrics();
    metrics.requestsTotal.inc({ method: 'DecryptMetadata', status: 'success' });
    metrics.requestsTotal.inc({ method: 'DecryptMetadata', status: 'success' });
    metrics.requestsTotal.inc({ method: 'GetPublicKey', status: 'denied' });
    metrics.requestDuration.observe({ method: 'DecryptScores' }, 0.003);
    metrics.tokenExchanges.inc({ result: 'success' });
    const text = await metrics.render();
    expect(text).toContain('vault_requests_total{method="DecryptMetadata",status="success"} 2');
    expect(text).toContain('vault_requests_total{method="GetPublicKey",status="denied"} 1');
    expect(text).toContain('vault_request_duration_seconds_bucket{le="0.001",method="DecryptScores"} 0');
    expect(text).toContain('vault_request_duration_seconds_bucket{le="0.005",method="DecryptScores"} 1');
    expect(text).toContain('vault_request_duration_seconds_count{method="DecryptScores"} 1');
    expect(text).toContain('vault_token_exchanges_total{result="success"} 1');
    expect(REQUEST_DURATION_BUCKETS[0]).toBe(0.001);
    expect(REQUEST_DURATION_BUCKETS.at(-1)).toBe(10);
  });

  it('keeps two instances apart and stays out of the global registry', async () => {
    const a = createVaultMetrics();
    const b = createVaultMetrics();
    expect(a.registry).not.toBe(b.registry);
    a.authFailures.inc(3);
    a.up.set(1);
    b.tokensActive.set(7);
    const textA = await a.render();
    const textB = await b.render();
    expect(textA).toMatch(/^vault_auth_failures_total 3$/m);
    expect(textA).toMatch(/^vault_up 1$/m);
    expect(textA).toMatch(/^vault_tokens_active 0$/m);
    expect(textB).toMatch(/^vault_auth_failures_total 0$/m);
    expect(textB).toMatch(/^vault_up 0$/m);
    expect(textB).toMatch(/^vault_tokens_active 7$/m);
    expect(await globalRegistry.metrics()).not.toContain('vault_');
  });

  it('has only method/status/result labels, never free text', async () => {
    const metrics = createVaultMetrics();
    const labelNames = new Set<string>();
    for (const metric of await metrics.registry.getMetricsAsJSON()) {
      if (!metric.name.startsWith('vault_')) continue;
      for (const value of metric.values) for (const label of Object.keys(value.labels)) labelNames.add(label);
    }
    metrics.requestDuration.observe({ method: 'GetPublicKey' }, 0.01);
    for (const value of (await metrics.requestDuration.get()).values) {
      for (const label of Object.keys(value.labels)) labelNames.add(label);
    }
    expect([...labelNames].sort()).toEqual(['le', 'method', 'status']);
  });
});
