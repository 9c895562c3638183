// Issue #19's request-path figures, all measured in one run against one daemon process
// (src/dev.ts, see dev-daemon.ts); this process is the independent client. Printed with their
// ratios, never asserted. Standalone: `npx tsx bench/request-path.ts` (in packages/vault);
// `npm run bench` runs it too. BENCH_ROUNDS (default 300) and BENCH_LOAD_MS (default 6000)
// change the sample sizes.
//
// 1. DecryptScores of one 4096-slot block, three calls interleaved round by round:
//    (a) the vault, (b) a bare grpc-js round trip of the same request and response bytes
//    (identity serialisers on both sides, a separate server process), (c) the same block's
//    load + decrypt + decode + top-k in this process with node-seal. Target p50(a) ≤ 1.3 ×
//    (p50(b) + p50(c)). (a) and (b) send the request's exact wire bytes, so both clients do
//    the same work and the difference is the server's.
// 2. Throughput at saturation: 4 clients back to back against the vault, then as many
//    in-process worker threads as the vault has decrypting the same block. Target ≥ 0.5.
//    /health p99 meanwhile ≤ 50 ms (probed from a worker thread, so this thread's load does
//    not delay the probes). CPU of this process and of the daemon reported beside.
// 3. GetPublicKey p50 vs a plain proto-loader call returning as many bytes. Target ≤ 1.15.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as grpc from '@grpc/grpc-js';
import { encryptScoresBase64 } from '../src/client/encrypt-scores.js';
import { createVaultClient } from '../src/client/vault-client.js';
import { createScoreDecryptCore } from '../src/fhe/decrypt-core.js';
import { defaultWorkerCount } from '../src/fhe/score-decryptor-pool.js';
import { loadVaultProtos } from '../src/protocol/vault-protos.js';
import { type DevDaemon, processSchedSeconds, rssMb, startDevDaemon, stopDevDaemon } from './dev-daemon.js';
import {
  protoUnaryService,
  RAW_REPLY_SERVICE,
  RAW_UNARY_SERVICE,
  rawUnaryMethod,
} from './plain-unary-definition.js';
import { fmt, percentile, timeMs } from './stats.js';

type Report = (name: string, value: string) => void;
// biome-ignore lint/suspicious/noExplicitAny: generic clients built at run time
type AnyClient = any;

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const LOAD_MS = Number(process.env.BENCH_LOAD_MS ?? 6000);
const LOAD_CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 4);
const TOP_K = 10;
const CHANNEL_OPTIONS = { 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 };

export function machineLine(): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(1));
  return `${cpus[0]?.model ?? 'cpu'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load ${load.join(' ')}`;
}

const unary = (client: AnyClient, method: string, request: unknown) => () =>
  new Promise((resolve, reject) =>
    client[method](request, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))),
  );

async function startPlainServer(bytes: number, replyFile: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/plain-unary-server.ts', String(bytes), replyFile],
    { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`plain server exited with ${code}`)));
  });
  const address = `127.0.0.1:${port}`;
  const credentials = grpc.credentials.createInsecure();
  const Raw = grpc.makeGenericClientConstructor(RAW_UNARY_SERVICE, 'Raw');
  const Reply = grpc.makeGenericClientConstructor(RAW_REPLY_SERVICE, 'Reply');
  const Proto = protoUnaryService();
  const clients: AnyClient[] = [
    new Raw(address, credentials, CHANNEL_OPTIONS),
    new Reply(address, credentials, CHANNEL_OPTIONS),
    new Proto(address, credentials, CHANNEL_OPTIONS),
  ];
  const [raw, reply, proto] = clients;
  return {
    address,
    pid: child.pid as number,
    raw,
    reply,
    proto,
    close() {
      for (const c of clients) c.close();
      child.kill('SIGTERM');
    },
  };
}

/** Runs every step in each round, the order rotating round by round; samples per step. */
async function interleaved(rounds: number, steps: (() => Promise<unknown> | unknown)[], warmup = 20) {
  const samples = steps.map(() => [] as number[]);
  for (let round = -warmup; round < rounds; round++) {
    for (let i = 0; i < steps.length; i++) {
      const index = (i + Math.max(0, round)) % steps.length;
      const ms = await timeMs(steps[index] as () => unknown);
      if (round >= 0) samples[index]?.push(ms);
    }
  }
  return samples.map((s) => percentile(s, 50));
}

// Probes /health back to back from a worker thread until told to stop.
const PROBE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => (stop = true));
(async () => {
  const samples = [];
  while (!stop) {
    const started = process.hrtime.bigint();
    await (await fetch(workerData.url)).arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(samples);
})();
`;

function startWorker(url: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** decrypts/s of `workers` threads decrypting `blob` back to back in this process, and the CPU they used. */
async function inProcessThroughput(workers: number, secKeyJson: string, blob: Uint8Array) {
  const url = new URL('./decrypt-loop-worker.ts', import.meta.url);
  const threads = Array.from({ length: workers }, () => startWorker(url, { secKeyJson, blob, topK: TOP_K }));
  await Promise.all(
    threads.map(
      (t) =>
        new Promise((resolve, reject) => {
          t.once('message', resolve);
          t.once('error', reject);
        }),
    ),
  );
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const done = threads.map(
    (t) => new Promise<{ count: number; ms: number }>((resolve) => t.once('message', resolve)),
  );
  for (const t of threads) t.postMessage('go');
  await new Promise((r) => setTimeout(r, LOAD_MS));
  for (const t of threads) t.postMessage('stop');
  const results = await Promise.all(done);
  const cpu = process.cpuUsage(cpuBefore);
  const wallS = (performance.now() - wallBefore) / 1000;
  await Promise.all(threads.map((t) => t.terminate()));
  const perSecond = results.reduce((sum, r) => sum + (r.count * 1000) / r.ms, 0);
  return { perSecond, cpuCores: (cpu.user + cpu.system) / 1e6 / wallS };
}

/** Calls/s of `clients` calling back to back for LOAD_MS (after 500 ms unmeasured), with the CPU used. */
async function saturate(clients: (() => Promise<unknown>)[], serverPid?: number) {
  let loading = true;
  let counting = false;
  let calls = 0;
  const load = clients.map(async (call) => {
    while (loading) {
      await call();
      if (counting) calls++;
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  counting = true;
  const cpuBefore = process.cpuUsage();
  const schedBefore = serverPid ? processSchedSeconds(serverPid) : undefined;
  const wallBefore = performance.now();
  await new Promise((r) => setTimeout(r, LOAD_MS));
  counting = false;
  const wallS = (performance.now() - wallBefore) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const schedAfter = serverPid ? processSchedSeconds(serverPid) : undefined;
  loading = false;
  await Promise.all(load);
  return {
    perSecond: calls / wallS,
    calls,
    clientCores: (cpu.user + cpu.system) / 1e6 / wallS,
    daemonRunningS: schedAfter && schedBefore ? schedAfter.running - schedBefore.running : Number.NaN,
    daemonWaitingS: schedAfter && schedBefore ? schedAfter.waiting - schedBefore.waiting : Number.NaN,
    wallS,
  };
}

export interface RequestPathFigures {
  decryptP50Ms: number;
  bareP50Ms: number;
  inProcessP50Ms: number;
  decryptRatio: number;
  vaultPerSecond: number;
  inProcessPerSecond: number;
  throughputRatio: number;
  healthP99Ms: number;
  getPublicKeyRatio: number;
}

export async function benchRequestPath(daemon: DevDaemon, report: Report): Promise<RequestPathFigures> {
  const address = `127.0.0.1:${daemon.grpcPort}`;
  const token = daemon.token;
  const sdk = createVaultClient(address);
  const scratch = mkdtempSync(join(os.tmpdir(), 'runevault-bench-path-'));
  const Vault = grpc.makeGenericClientConstructor(
    rawUnaryMethod('/rune.vault.v1.VaultService/DecryptScores'),
    'VaultRaw',
  );
  const rawVault: AnyClient = new Vault(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  const core = await createScoreDecryptCore(readFileSync(daemon.secKeyFile, 'utf8'));
  let plain: Awaited<ReturnType<typeof startPlainServer>> | undefined;
  try {
    const bundle = await sdk.getPublicKeyBundle(token);
    const fullBlock = Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 0.5);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 0, scores: fullBlock }]);
    const blobBytes = Buffer.from(blob, 'base64');
    const { proto } = loadVaultProtos();
    const requestBytes = proto.rune.vault.v1.VaultService.service.DecryptScores.requestSerialize({
      token,
      encrypted_blob_b64: blob,
      top_k: TOP_K,
    });
    const callVault = unary(rawVault, 'Call', requestBytes);
    const responseBytes = (await callVault()) as Buffer;
    const replyFile = join(scratch, 'decrypt-scores-response.bin');
    writeFileSync(replyFile, responseBytes);
    const bundleBytes = Buffer.byteLength((await sdk.getPublicKey(token)).key_bundle_json);
    plain = await startPlainServer(bundleBytes, replyFile);

    // 1. DecryptScores near the floor.
    const [a, b, c] = (await interleaved(ROUNDS, [
      callVault,
      unary(plain.reply, 'Call', requestBytes),
      () => core.decryptTopK(blobBytes, TOP_K),
    ])) as [number, number, number];
    report(
      `DecryptScores, one 4096-slot block (${requestBytes.length} B request, ${responseBytes.length} B response), ${ROUNDS} interleaved rounds`,
      '',
    );
    report('  (a) vault p50', fmt(a));
    report('  (b) bare grpc-js round trip, same request and response bytes, p50', fmt(b));
    report('  (c) same block in process: load + decrypt + decode + top-10, p50', fmt(c));
    report('  ratio a / (b + c) (target ≤ 1.3)', (a / (b + c)).toFixed(2));

    // 2. Throughput at saturation, /health meanwhile.
    const loadClients: AnyClient[] = Array.from(
      { length: LOAD_CLIENTS },
      () =>
        new Vault(address, grpc.credentials.createInsecure(), {
          ...CHANNEL_OPTIONS,
          ...(process.env.BENCH_OWN_CONNECTIONS ? { 'grpc.use_local_subchannel_pool': 1 } : {}),
        }),
    );
    const probe = new Worker(PROBE_WORKER, {
      eval: true,
      workerData: { url: `http://127.0.0.1:${daemon.httpPort}/health` },
    });
    const probeSamples = new Promise<number[]>((resolve) => probe.once('message', resolve));
    let peakRss = 0;
    const rssTimer = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(daemon.pid));
    }, 100);
    const vault = await saturate(
      loadClients.map((client) => unary(client, 'Call', requestBytes)),
      daemon.pid,
    );
    clearInterval(rssTimer);
    probe.postMessage('stop');
    const health = await probeSamples;
    await probe.terminate();
    for (const client of loadClients) client.close();
    const vaultPerSecond = vault.perSecond;
    // The transport's own ceiling: the same clients, bytes and channel options, no vault.
    const bareClients: AnyClient[] = Array.from(
      { length: LOAD_CLIENTS },
      () =>
        new (grpc.makeGenericClientConstructor(RAW_REPLY_SERVICE, 'Reply'))(
          (plain as { address: string }).address,
          grpc.credentials.createInsecure(),
          CHANNEL_OPTIONS,
        ),
    );
    const bare = await saturate(
      bareClients.map((client) => unary(client, 'Call', requestBytes)),
      plain.pid,
    );
    for (const client of bareClients) client.close();
    const workers = defaultWorkerCount();
    const local = await inProcessThroughput(workers, readFileSync(daemon.secKeyFile, 'utf8'), blobBytes);
    const healthP99 = percentile(health, 99);
    report(
      `Throughput, ${LOAD_CLIENTS} clients saturating DecryptScores: decrypts/s`,
      vaultPerSecond.toFixed(0),
    );
    report(
      '  CPU meanwhile: client process / daemon process (cores)',
      `${vault.clientCores.toFixed(2)} / ${(vault.daemonRunningS / vault.wallS).toFixed(2)}`,
    );
    report(
      '  daemon threads per decrypt: running / waiting for a CPU (schedstat)',
      `${fmt((vault.daemonRunningS * 1000) / vault.calls)} / ${fmt((vault.daemonWaitingS * 1000) / vault.calls)}`,
    );
    report(
      `  bare grpc-js, same bytes, ${LOAD_CLIENTS} clients: calls/s (client CPU cores)`,
      `${bare.perSecond.toFixed(0)} (${bare.clientCores.toFixed(2)})`,
    );
    report(
      '    bare server threads per call: running / waiting for a CPU',
      `${fmt((bare.daemonRunningS * 1000) / bare.calls)} / ${fmt((bare.daemonWaitingS * 1000) / bare.calls)}`,
    );
    report('  ratio vault / bare grpc-js', (vaultPerSecond / bare.perSecond).toFixed(2));
    report(`  ${workers} worker threads decrypting in process: decrypts/s`, local.perSecond.toFixed(0));
    report('    CPU meanwhile (cores)', local.cpuCores.toFixed(2));
    report('  ratio vault / in-process (target ≥ 0.5)', (vaultPerSecond / local.perSecond).toFixed(2));
    report(
      `  /health p50 / p99 during the load, ${health.length} probes (target p99 ≤ 50 ms)`,
      `${fmt(percentile(health, 50))} / ${fmt(healthP99)}`,
    );
    report('  daemon peak RSS under load', `${peakRss.toFixed(0)} MB`);

    // 3. GetPublicKey vs a plain proto-loader call returning as many bytes.
    const [gpk, plainProto, plainRaw, plainText] = (await interleaved(ROUNDS, [
      () => sdk.getPublicKey(token),
      unary(plain.proto, 'Fetch', { token }),
      unary(plain.raw, 'Call', Buffer.from('x')),
      unary(plain.proto, 'FetchText', { token }),
    ])) as [number, number, number, number];
    report(
      `GetPublicKey p50 (${(bundleBytes / 2 ** 20).toFixed(2)} MiB bundle), ${ROUNDS} interleaved rounds`,
      fmt(gpk),
    );
    report('  plain grpc-js unary (proto-loader, bytes field), same bytes, p50', fmt(plainProto));
    report('  ratio (target ≤ 1.15)', (gpk / plainProto).toFixed(2));
    report('  raw grpc-js unary (identity serialisers), same bytes, p50', fmt(plainRaw));
    report('  plain proto-loader, string field (client decodes UTF-8 too), p50', fmt(plainText));
    report('  ratio to the string-field call', (gpk / plainText).toFixed(2));

    return {
      decryptP50Ms: a,
      bareP50Ms: b,
      inProcessP50Ms: c,
      decryptRatio: a / (b + c),
      vaultPerSecond,
      inProcessPerSecond: local.perSecond,
      throughputRatio: vaultPerSecond / local.perSecond,
      healthP99Ms: healthP99,
      getPublicKeyRatio: gpk / plainProto,
    };
  } finally {
    plain?.close();
    rawVault.close();
    sdk.close();
    core.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`runevault request path (issue #19) — ${machineLine()}`);
  const daemon = await startDevDaemon();
  try {
    await benchRequestPath(daemon, (name, value) => console.log(`${name.padEnd(66)} ${value}`));
  } finally {
    await stopDevDaemon(daemon);
  }
  console.log(
    `load at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
