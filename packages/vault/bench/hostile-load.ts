// "/health p99 while huge unauthenticated DecryptScores requests arrive" (issue #12 item 2).
// A daemon process (the CLI, as deployed) with the default receive limit; three phases in one
// run: /health with no load (baseline), 6 concurrent 200 MiB requests with an unknown token
// (refused by the transport from their length prefix), and 6 concurrent requests just under
// the limit with an unknown token (buffered, then refused by authentication before the blob
// is decoded). Prints /health p50/p99, the refusals seen and the daemon's RSS; asserts nothing.
// Standalone: `npx tsx bench/hostile-load.ts` (in packages/vault); also called by bench/run.ts.
// HOSTILE_CONCURRENCY=n changes the 6 concurrent requests per phase.
import { readFileSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as grpc from '@grpc/grpc-js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../src/config/load-config.js';
import { freePort } from '../src/net/free-port.js';
import { makeVaultHome, startDaemonProcess, terminate } from '../test/support/daemon-harness.js';
import { varint } from '../test/support/wire-bytes.js';
import { fmt, percentile } from './stats.js';

const SCORES_PATH = '/rune.vault.v1.VaultService/DecryptScores';
const UNKNOWN_TOKEN = `evt_${'0'.repeat(32)}`;
const CONCURRENT = Number(process.env.HOSTILE_CONCURRENCY ?? 6);
const HUGE_BYTES = 200 * 1024 * 1024;
const BASELINE_PROBES = 300;

type Report = (name: string, value: string) => void;

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** DecryptScoresRequest bytes up to the blob's text: token, top_k, blob tag + length. */
function scoresHead(blobLength: number): Buffer {
  const token = Buffer.from(UNKNOWN_TOKEN);
  return Buffer.concat([
    Buffer.from([0x0a]),
    varint(token.length),
    token,
    Buffer.from([0x18, 3, 0x12]),
    varint(blobLength),
  ]);
}

// The probes run in a worker thread: this thread also writes the hostile requests, and its
// own busy event loop must not show up as the daemon's latency.
const PROBE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => (stop = true));
(async () => {
  const samples = [];
  while (workerData.count ? samples.length < workerData.count : !stop) {
    const started = process.hrtime.bigint();
    await (await fetch(workerData.url)).arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  parentPort.postMessage(samples);
})();
`;

/** /health round trips, one after another: `count` of them, or until `until` settles. */
async function probeHealth(url: string, opts: { count?: number; until?: Promise<unknown> }) {
  const worker = new Worker(PROBE_WORKER, { eval: true, workerData: { url, count: opts.count ?? 0 } });
  const samples = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  opts.until?.finally(() => worker.postMessage('stop'));
  try {
    return await samples;
  } finally {
    await worker.terminate();
  }
}

/**
 * One 200 MiB request the way an attacker sends it: the gRPC length prefix, then the bytes in
 * 1 MiB chunks, until the server ends the stream. Resolves with the grpc-status and the bytes
 * actually written.
 */
function sendHuge(port: number): Promise<{ status: string; sent: number }> {
  return new Promise((resolve) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const stream = session.request({
      ':method': 'POST',
      ':path': SCORES_PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status = '';
    let sent = 0;
    let closed = false;
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined)
        status = `${headers['grpc-status']} ${decodeURIComponent(String(headers['grpc-message'] ?? ''))}`;
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', () => {});
    stream.on('error', () => {});
    stream.on('close', () => {
      closed = true;
      session.close();
      resolve({ status: status || `stream closed (rst ${stream.rstCode})`, sent });
    });
    const head = scoresHead(HUGE_BYTES);
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(head.length + HUGE_BYTES, 1);
    stream.write(Buffer.concat([frame, head]));
    const chunk = Buffer.alloc(1024 * 1024, 'A');
    const pump = () => {
      while (!closed && sent < HUGE_BYTES) {
        sent += chunk.length;
        if (!stream.write(chunk)) return void stream.once('drain', pump);
      }
      if (!closed) stream.end();
    };
    pump();
  });
}

/** One request just under the receive limit, sent whole by a grpc-js client (identity serializer). */
function sendAtLimit(client: grpc.Client, message: Buffer): Promise<string> {
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      SCORES_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      message,
      { deadline: Date.now() + 120_000 },
      (err) => resolve(err ? `${err.code} ${err.details}` : 'OK'),
    ),
  );
}

async function phase(
  name: string,
  report: Report,
  healthUrl: string,
  pid: number,
  load: () => Promise<string[]>,
) {
  const before = rssMb(pid);
  let peak = before;
  const poll = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 20);
  const started = process.hrtime.bigint();
  const running = load();
  const health = await probeHealth(healthUrl, { until: running });
  const outcomes = await running;
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(poll);
  const after = rssMb(pid);
  // What stays once the daemon is idle again (its GC decides when buffers are freed).
  await probeHealth(healthUrl, { count: 50 });
  await new Promise((r) => setTimeout(r, 3_000));
  const settled = rssMb(pid);
  // V8's memory reducer starts ~8 s after the load ends: what is still held then is kept.
  await new Promise((r) => setTimeout(r, 12_000));
  const idle = rssMb(pid);
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  report(`${name}: answers`, [...counts].map(([o, n]) => `${n}× ${o}`).join('; '));
  report(`${name}: wall time`, fmt(wallMs));
  report(
    `${name}: /health p50 / p99 / max (${health.length} probes)`,
    `${fmt(percentile(health, 50))} / ${fmt(percentile(health, 99))} / ${fmt(Math.max(...health))}`,
  );
  report(
    `${name}: daemon RSS before / peak / just after / 3 s / 15 s later`,
    `${before.toFixed(0)} / ${peak.toFixed(0)} / ${after.toFixed(0)} / ${settled.toFixed(0)} / ${idle.toFixed(0)} MB`,
  );
}

export async function benchHostileLoad(report: Report) {
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const home = await makeVaultHome();
  writeFileSync(
    home.config,
    [
      'server:',
      `  grpc: { host: 127.0.0.1, port: ${grpcPort}, tls: { disable: true } }`,
      `  http: { host: 127.0.0.1, port: ${httpPort} }`,
      'keys: { path: vault-keys, generate_if_missing: true }',
      `tokens: { team_secret: "${'ab'.repeat(32)}" }`,
      'audit: { mode: "" }',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const daemon = await startDaemonProcess(home);
  const pid = daemon.child.pid as number;
  const healthUrl = `http://127.0.0.1:${httpPort}/health`;
  const client = new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': -1,
  });
  try {
    report(
      'Hostile load: machine',
      `node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}; receive limit ${DEFAULT_MAX_REQUEST_BYTES} bytes`,
    );
    const baseline = await probeHealth(healthUrl, { count: BASELINE_PROBES });
    report(
      `Hostile load: /health baseline p50 / p99 (${BASELINE_PROBES} probes, no load)`,
      `${fmt(percentile(baseline, 50))} / ${fmt(percentile(baseline, 99))}`,
    );
    report('Hostile load: daemon RSS idle', `${rssMb(pid).toFixed(0)} MB`);

    await phase(`Hostile load: ${CONCURRENT} × 200 MiB, unknown token`, report, healthUrl, pid, () =>
      Promise.all(
        Array.from({ length: CONCURRENT }, () =>
          sendHuge(grpcPort).then((r) => `${r.status} [client wrote ${(r.sent / 2 ** 20).toFixed(0)} MiB]`),
        ),
      ),
    );

    // Just under the limit: the whole message is buffered, then refused by authentication.
    const blobLength = DEFAULT_MAX_REQUEST_BYTES - 1024;
    const message = Buffer.concat([scoresHead(blobLength), Buffer.alloc(blobLength, 'A')]);
    await phase(
      `Hostile load: ${CONCURRENT} × ${(message.length / 2 ** 20).toFixed(1)} MiB (under the limit), unknown token`,
      report,
      healthUrl,
      pid,
      () => Promise.all(Array.from({ length: CONCURRENT }, () => sendAtLimit(client, message))),
    );
  } finally {
    client.close();
    await terminate(daemon);
    home.remove();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchHostileLoad((name, value) => console.log(`${name.padEnd(78)} ${value}`));
}
