// `npm run bench`: the vault's figures on this machine. Prints them; asserts nothing.
// The daemon under test is a separate process (src/dev.ts), so its RSS and event loop are
// its own; baselines run in this process or in a bare grpc-js child.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { encryptScoresBase64 } from '../src/client/encrypt-scores.js';
import { agentKeyFromBundle, encryptMetadata } from '../src/client/metadata.js';
import { createVaultClient } from '../src/client/vault-client.js';
import { freePort } from '../test/support/free-port.js';
import { healthClient } from '../test/support/grpc-probes.js';
import { benchAdminBurst } from './admin-burst.js';
import { benchCliProcess } from './cli-process.js';
import { benchInProcessDecrypt, benchKeygen } from './fhe-inprocess.js';
import { benchHostileLoad } from './hostile-load.js';
import { protoUnaryService, RAW_UNARY_SERVICE } from './plain-unary-definition.js';
import { fmt, percentile, sample, timeMs } from './stats.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const BENCH_TOKEN = `evt_${randomBytes(16).toString('hex')}`;
const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function waitForHealth(url: string, child: ChildProcess, deadlineMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (child.exitCode !== null)
      throw new Error(`daemon exited with ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`daemon not healthy at ${url} after ${deadlineMs} ms`);
}

async function startDaemon() {
  const home = mkdtempSync(join(os.tmpdir(), 'runevault-bench-'));
  mkdirSync(join(home, 'configs'), { recursive: true, mode: 0o700 });
  // A role without a meaningful rate limit: the bench measures decryption, not the limiter.
  writeFileSync(
    join(home, 'configs', 'roles.yml'),
    'roles:\n  bench: { scope: [get_public_key, decrypt_scores, decrypt_metadata], top_k: 300, rate_limit: 100000/1s }\n',
    { mode: 0o600 },
  );
  writeFileSync(
    join(home, 'configs', 'tokens.yml'),
    `tokens:\n  - { user: bench, token: ${BENCH_TOKEN}, role: bench, issued_at: "2026-01-01" }\n`,
    { mode: 0o600 },
  );
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/dev.ts',
      '--home',
      home,
      '--grpc-port',
      String(grpcPort),
      '--http-port',
      String(httpPort),
    ],
    { cwd: PACKAGE_DIR, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const startedAt = Date.now();
  await waitForHealth(`http://127.0.0.1:${httpPort}/health`, child);
  return { child, home, grpcPort, httpPort, startMs: Date.now() - startedAt };
}

async function startPlainServer(bytes: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/plain-unary-server.ts', String(bytes)], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`plain server exited with ${code}`)));
  });
  const address = `127.0.0.1:${port}`;
  const options = { 'grpc.max_receive_message_length': -1 };
  const RawClient = grpc.makeGenericClientConstructor(RAW_UNARY_SERVICE, 'Raw');
  // biome-ignore lint/suspicious/noExplicitAny: generic clients built at run time
  const raw: any = new RawClient(address, grpc.credentials.createInsecure(), options);
  const ProtoClient = protoUnaryService();
  // biome-ignore lint/suspicious/noExplicitAny: generic clients built at run time
  const proto: any = new ProtoClient(address, grpc.credentials.createInsecure(), options);
  // biome-ignore lint/suspicious/noExplicitAny: generic clients built at run time
  const unary = (client: any, request: unknown) => () =>
    new Promise((resolve, reject) =>
      client.Fetch(request, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))),
    );
  const close = () => {
    raw.close();
    proto.close();
    child.kill('SIGTERM');
  };
  return { fetchRaw: unary(raw, Buffer.from('x')), fetchProto: unary(proto, { token: BENCH_TOKEN }), close };
}

async function main() {
  console.log(
    `runevault benchmarks — ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );

  const keygen = await benchKeygen();
  report('Key generation, default parameters (N=8192)', fmt(keygen.ms));

  const cli = await benchCliProcess();
  report('Bundled daemon start → SERVING, keys present, median of 5 (≤ 2 s)', fmt(cli.startWarmMedianMs));
  report('Bundled daemon start → SERVING, generating keys, median of 3', fmt(cli.startColdMedianMs));
  report('`runevault token list` incl. process start, median of 10 (≤ 400 ms)', fmt(cli.tokenListMedianMs));

  const daemon = await startDaemon();
  report('Daemon start → /health 200, first start (keys generated)', fmt(daemon.startMs));
  const address = `127.0.0.1:${daemon.grpcPort}`;
  const client = createVaultClient(address);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    report('Daemon RSS idle', `${rssMb(daemon.child.pid as number).toFixed(0)} MB`);

    const bundle = await client.getPublicKeyBundle(BENCH_TOKEN);
    const fullBlock = Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 0.5);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 0, scores: fullBlock }]);

    // 1. DecryptScores over RPC vs the same work in-process.
    const rpc = await sample(200, () => client.decryptScores(BENCH_TOKEN, blob, 10));
    const local = await benchInProcessDecrypt({ iterations: 200 });
    const rpcP50 = percentile(rpc, 50);
    report('DecryptScores, one 4096-slot block, RPC p50', fmt(rpcP50));
    report('  same block in-process decrypt+decode+top-k p50', fmt(local.p50Ms));
    report('  ratio RPC / in-process (target ≤ 1.3)', (rpcP50 / local.p50Ms).toFixed(2));

    // 2. Health latency while 4 clients keep decryption saturated.
    const health = healthClient(address);
    const loadClients = Array.from({ length: 4 }, () => createVaultClient(address));
    let loading = true;
    let decrypts = 0;
    let peakRss = 0;
    const load = loadClients.map(async (c) => {
      while (loading) {
        await c.decryptScores(BENCH_TOKEN, blob, 10);
        decrypts++;
      }
    });
    const httpHealth: number[] = [];
    const grpcHealth: number[] = [];
    const until = Date.now() + 8000;
    await new Promise((r) => setTimeout(r, 500));
    while (Date.now() < until) {
      httpHealth.push(
        await timeMs(() => fetch(`http://127.0.0.1:${daemon.httpPort}/health`).then((r) => r.text())),
      );
      grpcHealth.push(await timeMs(() => health.check('')));
      peakRss = Math.max(peakRss, rssMb(daemon.child.pid as number));
      await new Promise((r) => setTimeout(r, 20));
    }
    loading = false;
    await Promise.all(load);
    for (const c of loadClients) c.close();
    health.close();
    report('Under 4-client DecryptScores load: decrypts/s', (decrypts / 8.5).toFixed(0));
    report(
      '  /health p50 / p99 (target p99 ≤ 50 ms)',
      `${fmt(percentile(httpHealth, 50))} / ${fmt(percentile(httpHealth, 99))}`,
    );
    report(
      '  gRPC health p50 / p99 (target p99 ≤ 50 ms)',
      `${fmt(percentile(grpcHealth, 50))} / ${fmt(percentile(grpcHealth, 99))}`,
    );
    report('  daemon peak RSS under load', `${peakRss.toFixed(0)} MB`);

    // 3. GetPublicKey vs a bare grpc-js unary call returning as many bytes.
    const bundleBytes = Buffer.byteLength((await client.getPublicKey(BENCH_TOKEN)).key_bundle_json);
    const plain = await startPlainServer(bundleBytes);
    try {
      const gpk = percentile(await sample(100, () => client.getPublicKey(BENCH_TOKEN)), 50);
      const proto = percentile(await sample(100, plain.fetchProto), 50);
      const raw = percentile(await sample(100, plain.fetchRaw), 50);
      report(`GetPublicKey p50 (${(bundleBytes / 2 ** 20).toFixed(2)} MiB bundle)`, fmt(gpk));
      report('  plain grpc-js unary (proto-loader, bytes field), same bytes, p50', fmt(proto));
      report('  ratio (target ≤ 1.5)', (gpk / proto).toFixed(2));
      report('  raw grpc-js unary (identity serialisers), same bytes, p50', fmt(raw));
    } finally {
      plain.close();
    }

    // 4. DecryptMetadata of 1,000 items.
    const { agentKey } = agentKeyFromBundle(bundle);
    const items = Array.from({ length: 1000 }, (_, i) =>
      encryptMetadata(agentKey, bundle.agent_id, JSON.stringify({ doc: `doc-${i}`, text: 'x'.repeat(150) })),
    );
    const meta = await sample(50, () => client.decryptMetadata(BENCH_TOKEN, items));
    report('DecryptMetadata, 1,000 v2 items, RPC p50 (target ≤ 50 ms)', fmt(percentile(meta, 50)));
  } finally {
    client.close();
    daemon.child.kill('SIGTERM');
    await new Promise((r) => daemon.child.once('exit', r));
    rmSync(daemon.home, { recursive: true, force: true });
  }

  // 5. /health while huge unauthenticated DecryptScores requests arrive (own daemon).
  await benchHostileLoad(report);

  // 6. Admin writes (issue #12): 1,000 concurrent POST /tokens, each answered once on disk.
  const burst = await benchAdminBurst();
  report('Admin burst: 1,000 concurrent POST /tokens, issues/s', burst.issuesPerSecond.toFixed(0));
  report('  p50 / p99 per request', `${fmt(burst.p50Ms)} / ${fmt(burst.p99Ms)}`);
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
