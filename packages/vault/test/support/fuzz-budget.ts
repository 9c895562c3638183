// One place for how long property-based (fast-check) suites run. `npm test` runs them seeded
// and short, so a failure reproduces; `npm run fuzz` sets RUNEVAULT_FUZZ=long for a longer,
// randomly seeded run. On failure fast-check prints `{ seed: S, path: "P" }` and the shrunk
// counterexample: RUNEVAULT_FUZZ_SEED=S replays the whole run (with the same RUNEVAULT_FUZZ),
// adding RUNEVAULT_FUZZ_PATH=P jumps straight to the counterexample (select the one failing
// test with `-t`, since a path only means something for the property that printed it).
import type { Parameters } from 'fast-check';

const LONG = process.env.RUNEVAULT_FUZZ === 'long';
const SEED = seedFromEnv(process.env.RUNEVAULT_FUZZ_SEED);
const PATH = process.env.RUNEVAULT_FUZZ_PATH || undefined;

function seedFromEnv(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const seed = Number(text);
  // A typo here would silently fuzz something else than the failure being replayed.
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`RUNEVAULT_FUZZ_SEED must be the integer seed fast-check printed (got '${text}')`);
  }
  return seed;
}

/** The fixed seed `npm test` uses, so every run explores the same inputs. */
export const DEFAULT_FUZZ_SEED = 20_261_206;

/**
 * fast-check parameters for a property: `runs` is the count under `npm test`; the long run
 * multiplies it by 50. Both stop early at the time budget (ms): bounded in count and time.
 */
export function fuzzBudget(runs: number, timeBudgetMs = 4_000): Parameters<unknown> {
  const seed = SEED ?? (LONG ? Date.now() : DEFAULT_FUZZ_SEED);
  return {
    seed,
    ...(PATH !== undefined ? { path: PATH } : {}),
    numRuns: LONG ? runs * 50 : runs,
    interruptAfterTimeLimit: LONG ? timeBudgetMs * 30 : timeBudgetMs,
    markInterruptAsFailure: false,
  };
}

/** Per-test timeout that covers fuzzBudget's time limit plus set-up. */
export function fuzzTestTimeout(timeBudgetMs = 4_000): number {
  return (LONG ? timeBudgetMs * 30 : timeBudgetMs) + 20_000;
}
