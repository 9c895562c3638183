// A burst of admin writes: 1,000 concurrent `POST /tokens` over the admin Unix socket against a
// daemon process (the CLI entry from source, as the integration tests start it). Each round
// issues to fresh users; the figures are the median round's. Since issue #12 every reply waits
// for tokens.yml to be on disk, so this is what group commit has to keep fast.
// Run alone: `npx tsx bench/admin-burst.ts` (from packages/vault); `npm run bench` runs it too.
import { pathToFileURL } from 'node:url';
import { adminRequest } from '../src/admin/admin-client.js';
import { makeVaultHome, startDaemonProcess, terminate } from '../test/support/daemon-harness.js';
import { percentile } from './stats.js';

export interface AdminBurstFigures {
  issues: number;
  rounds: number;
  /** Median over rounds of issues / wall time of the round. */
  issuesPerSecond: number;
  /** Median over rounds of each round's p50 / p99 request latency. */
  p50Ms: number;
  p99Ms: number;
}

const median = (values: number[]) => percentile(values, 50);

async function oneRound(socket: string, round: number, issues: number) {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: issues }, async (_, i) => {
      const t0 = process.hrtime.bigint();
      const reply = await adminRequest(
        socket,
        'POST',
        '/tokens',
        { user: `burst-${round}-${i}`, role: 'member' },
        { timeoutMs: 60_000 },
      );
      if (reply.status !== 201) throw new Error(`POST /tokens answered ${reply.status}`);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    perSecond: (issues * 1000) / wallMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function benchAdminBurst(issues = 1000, rounds = 3): Promise<AdminBurstFigures> {
  const home = await makeVaultHome();
  const daemon = await startDaemonProcess(home);
  try {
    // Warm-up: first requests pay for JIT and the first tokens.yml creation.
    await oneRound(home.adminSocket, -1, 50);
    const results = [];
    for (let round = 0; round < rounds; round++)
      results.push(await oneRound(home.adminSocket, round, issues));
    return {
      issues,
      rounds,
      issuesPerSecond: median(results.map((r) => r.perSecond)),
      p50Ms: median(results.map((r) => r.p50)),
      p99Ms: median(results.map((r) => r.p99)),
    };
  } finally {
    await terminate(daemon);
    home.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchAdminBurst();
  console.log(
    `admin burst: ${figures.issues} concurrent POST /tokens, median of ${figures.rounds} rounds: ` +
      `${figures.issuesPerSecond.toFixed(0)} issues/s, p50 ${figures.p50Ms.toFixed(1)} ms, p99 ${figures.p99Ms.toFixed(1)} ms`,
  );
}
