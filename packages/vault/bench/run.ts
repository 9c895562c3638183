// `npm run bench`: the vault's figures on this machine. Prints them; asserts nothing.
// The daemon under test is a separate process (src/dev.ts, bench/dev-daemon.ts), so its RSS and
// event loop are its own; this process is the client, baselines run here or in a bare grpc-js
// child. The request-path figures of issue #19 come from bench/request-path.ts.
import os from 'node:os';
import { agentKeyFromBundle, encryptMetadata } from '../src/client/metadata.js';
import { createVaultClient } from '../src/client/vault-client.js';
import { benchAdminBurst } from './admin-burst.js';
import { benchCliProcess } from './cli-process.js';
import { rssMb, startDevDaemon, stopDevDaemon } from './dev-daemon.js';
import { benchKeygen } from './fhe-inprocess.js';
import { benchHostileLoad } from './hostile-load.js';
import { benchRequestPath, machineLine } from './request-path.js';
import { fmt, percentile, sample } from './stats.js';

const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(66)} ${value}`);
};

async function main() {
  console.log(`runevault benchmarks — ${machineLine()}`);

  const keygen = await benchKeygen();
  report('Key generation, default parameters (N=8192)', fmt(keygen.ms));

  const cli = await benchCliProcess();
  report('Bundled daemon start → SERVING, keys present, median of 5 (≤ 2 s)', fmt(cli.startWarmMedianMs));
  report('Bundled daemon start → SERVING, generating keys, median of 3', fmt(cli.startColdMedianMs));
  report('`runevault token list` incl. process start, median of 10 (≤ 400 ms)', fmt(cli.tokenListMedianMs));

  const daemon = await startDevDaemon();
  report('Daemon start → /health 200, first start (keys generated)', fmt(daemon.startMs));
  const client = createVaultClient(`127.0.0.1:${daemon.grpcPort}`);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    report('Daemon RSS idle', `${rssMb(daemon.pid).toFixed(0)} MB`);

    // 1–3. DecryptScores near the floor, throughput at saturation, GetPublicKey (issue #19).
    await benchRequestPath(daemon, report);

    // 4. DecryptMetadata of 1,000 items.
    const bundle = await client.getPublicKeyBundle(daemon.token);
    const { agentKey } = agentKeyFromBundle(bundle);
    const items = Array.from({ length: 1000 }, (_, i) =>
      encryptMetadata(agentKey, bundle.agent_id, JSON.stringify({ doc: `doc-${i}`, text: 'x'.repeat(150) })),
    );
    const meta = await sample(50, () => client.decryptMetadata(daemon.token, items));
    report('DecryptMetadata, 1,000 v2 items, RPC p50 (target ≤ 50 ms)', fmt(percentile(meta, 50)));
  } finally {
    client.close();
    await stopDevDaemon(daemon);
  }

  // 5. /health while huge unauthenticated DecryptScores requests arrive (own daemon).
  await benchHostileLoad(report);

  // 6. Admin writes (issue #12): 1,000 concurrent POST /tokens, each answered once on disk.
  const burst = await benchAdminBurst();
  report('Admin burst: 1,000 concurrent POST /tokens, issues/s', burst.issuesPerSecond.toFixed(0));
  report('  p50 / p99 per request', `${fmt(burst.p50Ms)} / ${fmt(burst.p99Ms)}`);
  console.log(
    `load at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((error) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
