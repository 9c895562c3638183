import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptScoresBase64 } from '../../src/client/encrypt-scores.js';
import { createVaultClient } from '../../src/client/vault-client.js';
import { startTestVault, type TestVault } from '../support/test-vault.js';

const AUDIT_KEYS = [
  'timestamp',
  'user_id',
  'method',
  'top_k',
  'result_count',
  'status',
  'source_ip',
  'latency_ms',
];
const UNKNOWN = (n: number) => `evt_${n.toString(16).padStart(32, '0')}`;

function jsonLines(lines: string[]) {
  return lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('audit lines', () => {
  let t: TestVault;
  beforeAll(async () => {
    t = await startTestVault({ config: { audit: { mode: 'file+stdout', path: 'logs/audit.log' } } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('writes one line per RPC with the exact field order, to every sink', async () => {
    await t.client.getPublicKey(t.memberToken);
    await t.client.decryptScores(t.memberToken, 'AAAA', 7).catch(() => {});
    const [ok, failed] = jsonLines(t.auditLines).slice(-2);
    expect(Object.keys(ok ?? {})).toEqual(AUDIT_KEYS);
    expect(ok).toMatchObject({
      user_id: 'alice',
      method: 'GetPublicKey',
      top_k: null,
      result_count: 1,
      status: 'success',
      source_ip: '127.0.0.1',
    });
    expect(String(ok?.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(failed ?? {})).toEqual([...AUDIT_KEYS, 'error']);
    expect(failed).toMatchObject({ method: 'DecryptScores', top_k: 7, result_count: 0, status: 'error' });
    const fileLines = readFileSync(join(t.home, 'logs', 'audit.log'), 'utf8')
      .trim()
      .split('\n');
    expect(fileLines.slice(-2)).toEqual(t.auditLines.filter((l) => l.startsWith('{')).slice(-2));
  });

  it('audits refusals as denied and names the user of an expired or out-of-scope call', async () => {
    await t.client.getPublicKey(UNKNOWN(1)).catch(() => {});
    const last = jsonLines(t.auditLines).at(-1);
    expect(last).toMatchObject({ user_id: '', status: 'denied', error: 'Invalid authentication token' });
  });

  it('writes AUDIT_ALERT after 5 authentication failures from one IP, once, with no token text', async () => {
    const before = t.auditLines.length;
    const bad = [2, 3, 4, 5, 6].map(UNKNOWN);
    for (const token of bad) await t.client.getPublicKey(token).catch(() => {});
    const alerts = t.auditLines.slice(before).filter((l) => l.startsWith('AUDIT_ALERT '));
    // One failure was already recorded by the previous test: the 5th arrives with bad[3].
    expect(alerts).toHaveLength(1);
    const body = JSON.parse((alerts[0] as string).slice('AUDIT_ALERT '.length));
    expect(body).toMatchObject({
      alert: 'auth_failure_threshold',
      source_ip: '127.0.0.1',
      count: 5,
      window_seconds: 60,
    });
    for (const token of bad) expect(alerts[0]).not.toContain(token);
    expect(readFileSync(join(t.home, 'logs', 'audit.log'), 'utf8')).toContain(
      'AUDIT_ALERT {"alert":"auth_failure_threshold"',
    );
    const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^vault_audit_alerts_total 1$/m);
    expect(metrics).toMatch(/^vault_auth_failures_total 6$/m);
  });
});

describe('fail closed', () => {
  it('refuses the call when the stdout sink cannot be written, and counts it', async () => {
    let broken = false;
    const t = await startTestVault({
      vaultOptions: {
        auditStdout: {
          write: () => {
            if (broken) throw new Error('EPIPE: broken pipe');
            return true;
          },
        },
      },
    });
    try {
      await expect(t.client.getPublicKey(t.memberToken)).resolves.toBeDefined();
      broken = true;
      await expect(t.client.getPublicKey(t.memberToken)).rejects.toMatchObject({
        code: status.UNAVAILABLE,
        details: 'Audit log unavailable; request refused',
      });
      const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^vault_audit_write_failures_total 1$/m);
      expect(t.logs.join('')).toContain('audit write failed');
    } finally {
      await t.stop();
    }
  });

  it('refuses DecryptScores, decrypted but unaudited, and serves again once the sink recovers', async () => {
    // The request path moves the blob to a worker in a reused buffer (issue #19); the answer
    // is still held back until its audit line is written, and a refused call leaves no buffer
    // or worker behind in a bad state.
    let broken = false;
    const t = await startTestVault({
      vaultOptions: {
        auditStdout: {
          write: () => {
            if (broken) throw new Error('EPIPE: broken pipe');
            return true;
          },
        },
      },
    });
    try {
      const bundle = await t.client.getPublicKeyBundle(t.memberToken);
      const blob = await encryptScoresBase64(bundle['EncKey.json'], [
        { shardIdx: 2, scores: [0.1, 0.9, 0.5] },
      ]);
      broken = true;
      for (let i = 0; i < 3; i++) {
        await expect(t.client.decryptScores(t.memberToken, blob, 2)).rejects.toMatchObject({
          code: status.UNAVAILABLE,
          details: 'Audit log unavailable; request refused',
        });
      }
      broken = false;
      const answer = await t.client.decryptScores(t.memberToken, blob, 2);
      expect(answer.results.map((r) => [r.shard_idx, r.row_idx])).toEqual([
        [2, 1],
        [2, 2],
      ]);
      const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^vault_audit_write_failures_total 3$/m);
      expect(metrics).toMatch(/^vault_requests_total\{method="DecryptScores",status="error"\} 3$/m);
    } finally {
      await t.stop();
    }
  });

  it('refuses the call when the audit file cannot be written (device full)', async () => {
    const t = await startTestVault({ config: { audit: { mode: 'file', path: '/dev/full' } } });
    const client = createVaultClient(t.vault.grpcAddress);
    try {
      await expect(client.getPublicKey(t.memberToken)).rejects.toMatchObject({ code: status.UNAVAILABLE });
      const metrics = await (await fetch(`${t.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^vault_requests_total\{method="GetPublicKey",status="error"\} 1$/m);
    } finally {
      client.close();
      await t.stop();
    }
  });
});

describe('audit mode ""', () => {
  it('writes nothing and still serves', async () => {
    const home = mkdtempSync(join(tmpdir(), 'runevault-noaudit-'));
    const t = await startTestVault({ home, config: { audit: { mode: '' } } });
    try {
      await t.client.getPublicKey(t.memberToken);
      expect(t.auditLines).toEqual([]);
    } finally {
      await t.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
