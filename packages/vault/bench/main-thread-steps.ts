// What one DecryptScores request costs the daemon's event loop, step by step, in this process
// (no transport, no worker): the strict deserializer, token + authorisation, base64 decoding
// (today's one-pass decoder and the round-trip check it replaced), the screening before a
// worker, the audit line and the metrics; and GetPublicKey's reply before and after pre-encoding.
// Microseconds per call, the median of 5 runs of 2,000 calls each.
// Standalone: `npx tsx bench/main-thread-steps.ts` (in packages/vault).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../src/audit/audit-log.js';
import { encryptScoresBase64 } from '../src/client/encrypt-scores.js';
import { checkedScoreBlocks } from '../src/fhe/decrypt-core.js';
import { generateKeys, parseKeyFile, readPublicKeyFiles } from '../src/fhe/key-files.js';
import { TransferBuffers } from '../src/fhe/transfer-buffers.js';
import { withKeyBundleSerializer } from '../src/grpc/public-key-response.js';
import { decodeBlob, tokenFrom } from '../src/grpc/request-validation.js';
import { type ScoresRequest, strictDeserializers } from '../src/grpc/strict-requests.js';
import { createVaultMetrics } from '../src/metrics/vault-metrics.js';
import { loadVaultProtos } from '../src/protocol/vault-protos.js';
import { TokenStore } from '../src/tokens/token-store.js';
import { VaultOperations } from '../src/vault-operations.js';
import { machineLine } from './request-path.js';
import { percentile } from './stats.js';

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'runevault-bench-steps-'));
  try {
    await generateKeys(join(dir, 'keys'));
    const publicKeys = readPublicKeyFiles(join(dir, 'keys'));
    const { encKeyJson } = publicKeys;
    const { params } = parseKeyFile(
      readFileSync(join(dir, 'keys', 'SecKey.json'), 'utf8'),
      'SecKey.json',
      'SecKey',
    );
    const token = `evt_${randomBytes(16).toString('hex')}`;
    mkdirSync(join(dir, 'configs'));
    writeFileSync(
      join(dir, 'configs', 'roles.yml'),
      'roles:\n  bench: { scope: [decrypt_scores], top_k: 300, rate_limit: 100000/1s }\n',
    );
    writeFileSync(
      join(dir, 'configs', 'tokens.yml'),
      `tokens:\n  - { user: bench, token: ${token}, role: bench, issued_at: "2026-01-01" }\n`,
    );
    const tokens = TokenStore.load({
      rolesFile: join(dir, 'configs', 'roles.yml'),
      tokensFile: join(dir, 'configs', 'tokens.yml'),
    });
    const scores = Array.from({ length: 4096 }, (_, i) => Math.sin(i));
    const blob = await encryptScoresBase64(encKeyJson, [{ shardIdx: 0, scores }]);
    const decoded = Buffer.from(blob, 'base64');
    const service = loadVaultProtos().proto.rune.vault.v1.VaultService.service;
    const requestBytes = service.DecryptScores.requestSerialize({
      token,
      encrypted_blob_b64: blob,
      top_k: 10,
    });
    const deserialize = strictDeserializers(64 * 2 ** 20).DecryptScores;
    const request = () => {
      const incoming = deserialize(requestBytes);
      if (!incoming.ok) throw incoming.error;
      return incoming.request as ScoresRequest;
    };
    const metrics = createVaultMetrics();
    const audit = new AuditLog({
      mode: 'stdout',
      path: '',
      alert: { authFailureThreshold: 5, windowSeconds: 60 },
      stdout: { write: () => true },
      metrics,
    });
    const buffers = new TransferBuffers(8);
    const results = Array.from({ length: 10 }, (_, i) => ({ shard_idx: 0, row_idx: i, score: 0.5 }));
    const ops = new VaultOperations({
      tokens: { authorize: () => ({ user: 'bench' }) } as unknown as TokenStore,
      decryptor: { decryptTopK: async () => [] },
      teamSecret: randomBytes(32).toString('hex'),
      publicKeys,
      keyId: 'vault-key',
      indexName: '',
      envector: { endpoint: '', apiKey: '' },
      decryptMetadataList: () => [],
    });
    const keyBundle = ops.getPublicKey(token).response;
    const keyBundleJson = keyBundle.key_bundle_json;
    const withPreEncoded = withKeyBundleSerializer(service);
    const steps: [string, () => unknown][] = [
      ['strict deserializer (175 KB request)', request],
      ['token check + authorise', () => tokens.authorize(tokenFrom(request().token), 'decrypt_scores')],
      [
        'base64 → transfer buffer, one pass (now)',
        () => buffers.give(decodeBlob(request().blob, (n) => buffers.take(n)).buffer as ArrayBuffer),
      ],
      [
        'base64 round-trip check (before)',
        () => {
          const text = request().blob.toString('latin1');
          return Buffer.from(text, 'base64').toString('base64') === text;
        },
      ],
      ['copy for the worker (before; now moved instead)', () => new Uint8Array(decoded)],
      ['screening before a worker', () => checkedScoreBlocks(decoded, params)],
      [
        'audit line (stdout sink)',
        () =>
          audit.record({
            user_id: 'bench',
            method: 'DecryptScores',
            top_k: 10,
            result_count: 10,
            status: 'success',
            source_ip: '127.0.0.1',
            latency_ms: 1.234,
          }),
      ],
      [
        'metrics (counter + histogram)',
        () => {
          metrics.requestsTotal.inc({ method: 'DecryptScores', status: 'success' });
          metrics.requestDuration.observe({ method: 'DecryptScores' }, 0.002);
        },
      ],
      ['response encoding (10 results)', () => service.DecryptScores.responseSerialize({ results })],
      [
        `GetPublicKey reply, ${(keyBundleJson.length / 2 ** 20).toFixed(2)} MiB: JSON text + protobufjs (before)`,
        // As the previous vault-operations.ts built it: a fresh text per caller, then encoded.
        () =>
          service.GetPublicKey.responseSerialize({
            key_bundle_json: `${keyBundleJson.slice(0, -1)}${token}}`,
          }),
      ],
      [
        'GetPublicKey reply: agent fields + pre-encoded head (now)',
        () => withPreEncoded.GetPublicKey?.responseSerialize(ops.getPublicKey(token).response),
      ],
      [
        '  of which writing the 1.2 MB message',
        () => withPreEncoded.GetPublicKey?.responseSerialize(keyBundle),
      ],
    ];
    const runs = new Map<string, number[]>(steps.map(([name]) => [name, []]));
    for (let run = 0; run < 6; run++) {
      for (const [name, step] of steps) {
        const started = performance.now();
        for (let i = 0; i < 2000; i++) step();
        // The first run only warms up.
        if (run > 0) runs.get(name)?.push(((performance.now() - started) / 2000) * 1000);
      }
    }
    console.log(`DecryptScores main-thread steps — ${machineLine()}`);
    for (const [name, samples] of runs)
      console.log(`${name.padEnd(50)} ${percentile(samples, 50).toFixed(1)} µs`);
    await tokens.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
