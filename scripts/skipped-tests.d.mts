// Types for scripts/skipped-tests.mjs (plain JavaScript, run by node before any build).
export interface AllowedSkip {
  file: string;
  test: string;
  why: string;
}
export interface SkippedTest {
  file: string;
  name: string;
  reason: string;
  allowedBecause: string | undefined;
}
export const ALLOWED_SKIPS: readonly AllowedSkip[];
export function skippedTests(
  results: unknown,
  rootDir: string,
  allowed?: readonly AllowedSkip[],
): SkippedTest[];
export function filesThatFailedToLoad(results: unknown, rootDir: string): string[];
export function skipsRefusedUnderCi(
  skips: SkippedTest[],
  env?: Record<string, string | undefined>,
): SkippedTest[];
export function describeSkips(skips: SkippedTest[]): string[];
