// Garbage collection of the daemon under DecryptScores load, with V8's own old-generation growth
// and with the daemon's (src/daemon/heap-growth.ts): major GCs (the daemon's
// nodejs_gc_duration_seconds{kind="major"}), calls/s, CPU of every daemon thread per call and
// peak RSS. `npx tsx bench/gc-under-load.ts [clients=4] [seconds=5] [percents=0,100,200,400]`
// in packages/vault; 0 = V8's own growth (the flag given to node wins over the daemon's).
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { encryptScoresBase64 } from '../src/client/encrypt-scores.js';
import { createVaultClient } from '../src/client/vault-client.js';
import { loadVaultProtos } from '../src/protocol/vault-protos.js';
import { type DevDaemon, processSchedSeconds, startDevDaemon, stopDevDaemon } from './dev-daemon.js';
import { rawUnaryMethod } from './plain-unary-definition.js';
import { machineLine } from './request-path.js';

const [clients = 4, seconds = 5] = process.argv.slice(2, 4).map(Number);
const percents = (process.argv[4] ?? '0,100,200,400').split(',').map(Number);

async function majorGcs(daemon: DevDaemon): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${daemon.httpPort}/metrics`)).text();
  // No line yet until the first major GC.
  return Number(/^nodejs_gc_duration_seconds_count\{kind="major"\} (\d+)/m.exec(text)?.[1] ?? 0);
}

async function run(percent: number) {
  process.env.BENCH_DAEMON_FLAGS = `--heap-growing-percent=${percent}`;
  const daemon = await startDevDaemon();
  const address = `127.0.0.1:${daemon.grpcPort}`;
  const sdk = createVaultClient(address);
  try {
    const bundle = await sdk.getPublicKeyBundle(daemon.token);
    const scores = Array.from({ length: 4096 }, (_, i) => Math.sin(i) * 0.5);
    const blob = await encryptScoresBase64(bundle['EncKey.json'], [{ shardIdx: 0, scores }]);
    const { proto } = loadVaultProtos();
    const request = proto.rune.vault.v1.VaultService.service.DecryptScores.requestSerialize({
      token: daemon.token,
      encrypted_blob_b64: blob,
      top_k: 10,
    });
    const Method = grpc.makeGenericClientConstructor(
      rawUnaryMethod('/rune.vault.v1.VaultService/DecryptScores'),
      'V',
    );
    // biome-ignore lint/suspicious/noExplicitAny: a generic client built at run time
    const callers: any[] = Array.from(
      { length: clients },
      () => new Method(address, grpc.credentials.createInsecure(), {}),
    );
    const call = (c: { Call: (r: Buffer, cb: (e: Error | null) => void) => void }) =>
      new Promise<void>((resolve, reject) => c.Call(request, (e) => (e ? reject(e) : resolve())));
    for (let i = 0; i < 50; i++) await call(callers[0]);
    const gcBefore = await majorGcs(daemon);
    const cpuBefore = processSchedSeconds(daemon.pid).running;
    const started = performance.now();
    let calls = 0;
    await Promise.all(
      callers.map(async (c) => {
        while (performance.now() - started < seconds * 1000) {
          await call(c);
          calls++;
        }
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    const cpu = processSchedSeconds(daemon.pid).running - cpuBefore;
    const gcs = (await majorGcs(daemon)) - gcBefore;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${daemon.pid}/status`, 'utf8'))?.[1]) / 1024;
    for (const c of callers) c.close();
    const label = percent === 0 ? "V8's own" : `${percent} %`;
    console.log(
      `${label.padEnd(9)} ${String(gcs).padStart(5)} major GCs  ${(calls / wallS).toFixed(0).padStart(5)} calls/s  ` +
        `${((cpu * 1000) / calls).toFixed(2)} ms daemon CPU per call  peak RSS ${hwm.toFixed(0)} MB`,
    );
  } finally {
    sdk.close();
    await stopDevDaemon(daemon);
  }
}

console.log(`daemon GC under load, ${clients} clients × ${seconds} s — ${machineLine()}`);
for (const percent of percents) await run(percent);
