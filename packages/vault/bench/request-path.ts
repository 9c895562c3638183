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
//    the same work and the difference is the server's. The bare servers use the vault's
//    flow-control windows (src/grpc/flow-control-windows.ts), so the floor moves with them;
//    (b') is the same bare server with Node's defaults, for comparison. (d) is a bare grpc-js
//    server doing the work any vault must do (strict base64, the same worker pool; see
//    same-work-server.ts): it splits the gap into what the vault adds and what the upstream
//    message and an off-loop decrypt add.
// 2. Throughput at saturation: 4 clients back to back against the vault, then as many
//    in-process worker threads as the vault has decrypting the same block. Target ≥ 0.5.
//    /health p99 meanwhile ≤ 50 ms (probed from a worker thread, so this thread's load does
//    not delay the probes). CPU of this process and of the daemon reported beside, and what
//    the target would take in cores on this box with the client on it.
// 3. GetPublicKey p50 vs a plain proto-loader call answering the same bytes. Target ≤ 1.15.
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
  SAME_WORK_PATH,
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

/** A bench server in a process of its own (a bench/*.ts file that prints its port). */
async function startServerProcess(file: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { address: `127.0.0.1:${port}`, pid: child.pid as number, stop: () => child.kill('SIGTERM') };
}

async function startPlainServer(textFile: string, replyFile: string, windows: 'vault' | 'default' = 'vault') {
  const server = await startServerProcess('bench/plain-unary-server.ts', [
    textFile,
    replyFile,
    ...(windows === 'default' ? ['default-windows'] : []),
  ]);
  const credentials = grpc.credentials.createInsecure();
  const Raw = grpc.makeGenericClientConstructor(RAW_UNARY_SERVICE, 'Raw');
  const Reply = grpc.makeGenericClientConstructor(RAW_REPLY_SERVICE, 'Reply');
  const Proto = protoUnaryService();
  const clients: AnyClient[] = [
    new Raw(server.address, credentials, CHANNEL_OPTIONS),
    new Reply(server.address, credentials, CHANNEL_OPTIONS),
    new Proto(server.address, credentials, CHANNEL_OPTIONS),
  ];
  const [raw, reply, proto] = clients;
  return {
    ...server,
    raw,
    reply,
    proto,
    close() {
      for (const c of clients) c.close();
      server.stop();
    },
  };
}

/** same-work-server.ts with `workers` decrypt workers; `reply` is its DecryptScores method. */
async function startSameWorkServer(secKeyFile: string, workers: number) {
  const server = await startServerProcess('bench/same-work-server.ts', [secKeyFile, String(workers)]);
  const Method = grpc.makeGenericClientConstructor(rawUnaryMethod(SAME_WORK_PATH), 'SameWork');
  const reply: AnyClient = new Method(server.address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
  return {
    ...server,
    reply,
    close() {
      reply.close();
      server.stop();
    },
  };
}

/** `saturate` with LOAD_CLIENTS clients sending `request` to a bench server's reply method. */
async function bareThroughput(
  server: { address: string; pid: number },
  request: Buffer,
  path = RAW_REPLY_SERVICE.Call?.path as string,
) {
  const Reply = grpc.makeGenericClientConstructor(rawUnaryMethod(path), 'Reply');
  const clients: AnyClient[] = Array.from(
    { length: LOAD_CLIENTS },
    () => new Reply(server.address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS),
  );
  try {
    return await saturate(
      clients.map((client) => unary(client, 'Call', request)),
      server.pid,
    );
  } finally {
    for (const client of clients) client.close();
  }
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
  let plainDefault: Awaited<ReturnType<typeof startPlainServer>> | undefined;
  let sameWork: Awaited<ReturnType<typeof startSameWorkServer>> | undefined;
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
    // The baselines answer with exactly the bytes the vault answers this caller with.
    const bundleText = (await sdk.getPublicKey(token)).key_bundle_json;
    const bundleBytes = Buffer.byteLength(bundleText);
    const textFile = join(scratch, 'key-bundle.json');
    writeFileSync(textFile, bundleText);
    plain = await startPlainServer(textFile, replyFile);
    plainDefault = await startPlainServer(textFile, replyFile, 'default');
    const workers = defaultWorkerCount();
    sameWork = await startSameWorkServer(daemon.secKeyFile, workers);

    // 1. DecryptScores near the floor.
    const [a, b, c, bDefault, d] = (await interleaved(ROUNDS, [
      callVault,
      unary(plain.reply, 'Call', requestBytes),
      () => core.decryptTopK(blobBytes, TOP_K),
      unary(plainDefault.reply, 'Call', requestBytes),
      unary(sameWork.reply, 'Call', requestBytes),
    ])) as [number, number, number, number, number];
    report(
      `DecryptScores, one 4096-slot block (${requestBytes.length} B request, ${responseBytes.length} B response), ${ROUNDS} interleaved rounds`,
      '',
    );
    report('  (a) vault p50', fmt(a));
    report('  (b) bare grpc-js round trip, same request and response bytes, p50', fmt(b));
    report('  (c) same block in process: load + decrypt + decode + top-10, p50', fmt(c));
    report('  ratio a / (b + c) (target ≤ 1.3)', (a / (b + c)).toFixed(2));
    report("  (b') bare grpc-js with Node's default 64 KiB windows, p50", fmt(bDefault));
    report("  ratio a / (b' + c)", (a / (bDefault + c)).toFixed(2));
    report('  (d) bare grpc-js doing the same work (strict base64 + the same worker pool), p50', fmt(d));
    report('  ratio d / (b + c): base64 and the worker hop, part of any vault', (d / (b + c)).toFixed(2));
    report("  ratio a / d: the vault's own bookkeeping (auth, audit, metrics, checks)", (a / d).toFixed(2));

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
    const bare = await bareThroughput(plain, requestBytes);
    const bareDefault = await bareThroughput(plainDefault, requestBytes);
    const same = await bareThroughput(sameWork, requestBytes, SAME_WORK_PATH);
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
    report(
      "  bare grpc-js with Node's default windows: calls/s (client CPU cores)",
      `${bareDefault.perSecond.toFixed(0)} (${bareDefault.clientCores.toFixed(2)})`,
    );
    report(`  ${workers} worker threads decrypting in process: decrypts/s`, local.perSecond.toFixed(0));
    report('    CPU meanwhile (cores)', local.cpuCores.toFixed(2));
    report('  ratio vault / in-process (target ≥ 0.5)', (vaultPerSecond / local.perSecond).toFixed(2));
    report(
      `  (d) bare grpc-js doing the same work, ${LOAD_CLIENTS} clients: calls/s (client CPU cores)`,
      `${same.perSecond.toFixed(0)} (${same.clientCores.toFixed(2)})`,
    );
    report('    its server CPU per call (all threads)', fmt((same.daemonRunningS * 1000) / same.calls));
    report(
      '  ratio (d) / in-process: the ceiling for any vault on this transport and box',
      (same.perSecond / local.perSecond).toFixed(2),
    );
    report('  ratio vault / (d)', (vaultPerSecond / same.perSecond).toFixed(2));
    // The box's cores are shared by the client and the server; the in-process baseline has no client.
    const daemonMsPerDecrypt = (vault.daemonRunningS * 1000) / vault.calls;
    const clientMsPerCall = (vault.clientCores * 1000) / vaultPerSecond;
    const perCoreVault = vaultPerSecond / (vault.daemonRunningS / vault.wallS);
    const perCoreLocal = local.perSecond / local.cpuCores;
    report(
      '  decrypts per CPU-second: vault daemon / in-process workers',
      `${perCoreVault.toFixed(0)} / ${perCoreLocal.toFixed(0)}`,
    );
    report('    ratio (the vault as if the client ran elsewhere)', (perCoreVault / perCoreLocal).toFixed(2));
    report(
      `  cores 0.5 × in-process would need here: daemon ${fmt(daemonMsPerDecrypt)} + client ${fmt(clientMsPerCall)} per call`,
      `${((0.5 * local.perSecond * (daemonMsPerDecrypt + clientMsPerCall)) / 1000).toFixed(1)} of ${os.cpus().length}`,
    );
    report(
      `  /health p50 / p99 during the load, ${health.length} probes (target p99 ≤ 50 ms)`,
      `${fmt(percentile(health, 50))} / ${fmt(healthP99)}`,
    );
    report('  daemon peak RSS under load', `${peakRss.toFixed(0)} MB`);

    // 3. GetPublicKey vs a plain proto-loader call answering the same bytes. Both calls go
    // through a proto-loader client without a deadline; the baseline's FetchText sends the
    // vault's exact response bytes (the same field number and wire type as key_bundle_json), so
    // both clients decode the same UTF-8 and the difference is the server's.
    // The vault keeps the replies of its last 8 callers: (cold) rotates through 16 other
    // callers, so none of its calls finds its reply kept.
    let nextCaller = 0;
    const coldCall = () => {
      const caller = daemon.otherCallers[nextCaller++ % daemon.otherCallers.length];
      return unary(sdk.raw, 'GetPublicKey', { token: caller })();
    };
    const [gpk, plainText, plainBytes, plainRaw, gpkCold] = (await interleaved(ROUNDS, [
      unary(sdk.raw, 'GetPublicKey', { token }),
      unary(plain.proto, 'FetchText', { token }),
      unary(plain.proto, 'Fetch', { token }),
      unary(plain.raw, 'Call', Buffer.from('x')),
      coldCall,
    ])) as [number, number, number, number, number];
    report(
      `GetPublicKey p50 (${(bundleBytes / 2 ** 20).toFixed(2)} MiB bundle), ${ROUNDS} interleaved rounds, repeat caller`,
      fmt(gpk),
    );
    report('  plain proto-loader unary answering the same bytes (string field), p50', fmt(plainText));
    report('  ratio (target ≤ 1.15)', (gpk / plainText).toFixed(2));
    report('  (cold) a caller whose reply is not kept (16 callers in turn), p50', fmt(gpkCold));
    report('  ratio of the cold call', (gpkCold / plainText).toFixed(2));
    report('  the same bytes read as a bytes field (client skips UTF-8 decoding), p50', fmt(plainBytes));
    report('  raw grpc-js unary (identity serialisers), same bytes, p50', fmt(plainRaw));

    return {
      decryptP50Ms: a,
      bareP50Ms: b,
      inProcessP50Ms: c,
      decryptRatio: a / (b + c),
      vaultPerSecond,
      inProcessPerSecond: local.perSecond,
      throughputRatio: vaultPerSecond / local.perSecond,
      healthP99Ms: healthP99,
      getPublicKeyRatio: gpk / plainText,
    };
  } finally {
    plain?.close();
    plainDefault?.close();
    sameWork?.close();
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
