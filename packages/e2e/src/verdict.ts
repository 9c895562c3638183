// Whether a run fails, in one place for the CLI's exit code and the actions' step result.
import { isFlaky, type SuiteResult } from './runner.js';

export interface VerdictOptions {
  /** A flaky case (passed on a retry) fails the run too; quarantined ones never do. */
  failOnFlaky?: boolean;
}

export interface Verdict {
  fails: boolean;
  /** Why it fails, e.g. "2 of 15 cases failed; 1 flaky case (fail-on-flaky)"; '' when it passes. */
  reason: string;
}

export function suiteVerdict(result: SuiteResult, opts: VerdictOptions = {}): Verdict {
  const reasons: string[] = [];
  if (result.failed > 0) reasons.push(`${result.failed} of ${result.cases.length} cases failed`);
  if (opts.failOnFlaky) {
    const flaky = result.cases.filter((r) => isFlaky(r) && r.quarantine === undefined).length;
    if (flaky > 0) reasons.push(`${flaky} flaky case${flaky > 1 ? 's' : ''} (fail-on-flaky)`);
  }
  return { fails: reasons.length > 0, reason: reasons.join('; ') };
}
