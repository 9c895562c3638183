// One place for how long property-based (fast-check) suites run. `npm test` runs them seeded
// and short, so a failure reproduces; `npm run fuzz` sets RUNEVAULT_FUZZ=long for a longer,
// randomly seeded run (the seed is printed by fast-check on failure, pass it back in
// RUNEVAULT_FUZZ_SEED to replay).
import type { Parameters } from 'fast-check';

const LONG = process.env.RUNEVAULT_FUZZ === 'long';
const SEED_TEXT = process.env.RUNEVAULT_FUZZ_SEED;

/** The fixed seed `npm test` uses, so every run explores the same inputs. */
export const DEFAULT_FUZZ_SEED = 20_261_206;

/**
 * fast-check parameters for a property: `runs` is the count under `npm test`; the long run
 * multiplies it by 50. Both stop early at the time budget (ms): bounded in count and time.
 */
export function fuzzBudget(runs: number, timeBudgetMs = 4_000): Parameters<unknown> {
  const seed = SEED_TEXT !== undefined ? Number(SEED_TEXT) : LONG ? Date.now() : DEFAULT_FUZZ_SEED;
  return {
    seed,
    numRuns: LONG ? runs * 50 : runs,
    interruptAfterTimeLimit: LONG ? timeBudgetMs * 30 : timeBudgetMs,
    markInterruptAsFailure: false,
  };
}

/** Per-test timeout that covers fuzzBudget's time limit plus set-up. */
export function fuzzTestTimeout(timeBudgetMs = 4_000): number {
  return (LONG ? timeBudgetMs * 30 : timeBudgetMs) + 20_000;
}
