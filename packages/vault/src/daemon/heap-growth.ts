import { setFlagsFromString } from 'node:v8';

// Each DecryptScores request makes ~0.35 MB of short-lived garbage (HTTP/2 DATA chunks, grpc-js's
// joined message, the call's objects), and under load V8 sets the daemon's old-generation limit
// only ~1.1 × its small live heap (~23 MB): a full mark-compact then ran every ~25 requests,
// a third of the daemon's CPU. Letting the limit grow to 3 × the live heap took most of that
// away for ~55 MB more peak RSS (issue #19; figures and command in BENCHMARKS.md, "Garbage
// collection under load": `npx tsx bench/gc-under-load.ts`). V8 reads this flag each time it
// sets a new limit, so setting it at start-up takes effect without a command-line flag.
const HEAP_GROWING_PERCENT = 200;

/**
 * Once per daemon process, before it serves. A `--heap-growing-percent` given to node on its
 * command line (`node --heap-growing-percent=N runevault.mjs daemon start`; NODE_OPTIONS may
 * not carry V8 flags like it) wins: an operator's own tuning is left alone.
 */
export function widenHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
