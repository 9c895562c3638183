// Retries, flaky cases and quarantine in the runner, with scripted case outcomes: each case
// fails or passes per attempt as its script says, against a stub vault.
import { describe, expect, it } from 'vitest';
import { type CaseContext, CaseFailure, CaseSkip, type E2eCase } from '../../src/cases/case.js';
import { parseQuarantine, QuarantineError } from '../../src/quarantine.js';
import { exitCodeFor } from '../../src/report-outputs.js';
import { CaseSelectionError, isFlaky, runCases } from '../../src/runner.js';
import { suiteVerdict } from '../../src/verdict.js';
import { stubVault } from '../support/suite-fixtures.js';

type Outcome = 'pass' | 'fail' | 'skip';

/** A case that plays `script` one attempt at a time (the last entry repeats), recording each context. */
function scripted(id: number, script: Outcome[], seen: CaseContext[] = []): E2eCase {
  let attempt = 0;
  return {
    id,
    name: `case-${id}`,
    deadlineMs: 1_000,
    run: async (_vault, ctx) => {
      seen.push(ctx);
      const outcome = script[Math.min(attempt, script.length - 1)];
      attempt++;
      if (outcome === 'fail') throw new CaseFailure('ok', `failure ${attempt}`);
      if (outcome === 'skip') throw new CaseSkip('not here');
    },
  };
}

describe('runCases with retries', () => {
  it('runs a failed case again and reports it flaky when a later attempt passes', async () => {
    const seen: CaseContext[] = [];
    const result = await runCases(stubVault(), [scripted(1, ['fail', 'fail', 'pass'], seen)], { retries: 3 });
    const [r] = result.cases;
    expect(r).toMatchObject({ status: 'passed', attempts: 3 });
    expect(r?.failedAttempts?.map((f) => f.message)).toEqual([
      'expected ok, got failure 1',
      'expected ok, got failure 2',
    ]);
    expect(isFlaky(r as never)).toBe(true);
    expect(result).toMatchObject({ passed: 1, failed: 0, flaky: 1, quarantinedFailed: 0 });
    // A fresh context per attempt: its own signal and its own run id.
    expect(new Set(seen.map((c) => c.runId)).size).toBe(3);
    expect(seen[1]?.runId).toBe(`${seen[0]?.runId}r2`);
    expect(seen[0]?.signal).not.toBe(seen[1]?.signal);
    expect(exitCodeFor(result)).toBe(0);
    expect(exitCodeFor(result, { failOnFlaky: true })).toBe(1);
    expect(suiteVerdict(result, { failOnFlaky: true }).reason).toBe('1 flaky case (fail-on-flaky)');
  });

  it('stops at the retry limit: a case that failed every attempt keeps the first failure and all attempts', async () => {
    const seen: CaseContext[] = [];
    const result = await runCases(stubVault(), [scripted(2, ['fail'], seen)], { retries: 2 });
    expect(seen).toHaveLength(3);
    expect(result.cases[0]).toMatchObject({
      status: 'failed',
      message: 'expected ok, got failure 1',
      attempts: 3,
    });
    expect(result.cases[0]?.failedAttempts).toHaveLength(3);
    expect(result).toMatchObject({ failed: 1, flaky: 0 });
    expect(suiteVerdict(result)).toEqual({ fails: true, reason: '1 of 1 cases failed' });
  });

  it('with retries 0 (the default) runs each case once and leaves results as they were', async () => {
    const seen: CaseContext[] = [];
    const result = await runCases(stubVault(), [scripted(3, ['fail', 'pass'], seen)]);
    expect(seen).toHaveLength(1);
    expect(result.cases[0]).toEqual({
      id: 3,
      name: 'case-3',
      status: 'failed',
      durationMs: expect.any(Number),
      message: 'expected ok, got failure 1',
      logExcerpt: '',
    });
    expect(result.flaky).toBe(0);
  });

  it('does not rerun a passed or skipped case, and a skip after a failure leaves it failed', async () => {
    const passed: CaseContext[] = [];
    const skipped: CaseContext[] = [];
    const result = await runCases(
      stubVault(),
      [scripted(1, ['pass'], passed), scripted(2, ['skip'], skipped), scripted(3, ['fail', 'skip'])],
      { retries: 2 },
    );
    expect([passed.length, skipped.length]).toEqual([1, 1]);
    expect(result.cases.map((r) => r.status)).toEqual(['passed', 'skipped', 'failed']);
    expect(result.cases[2]?.failedAttempts).toHaveLength(1);
  });

  it('calls onRetry before each rerun, and onCaseDone once per case', async () => {
    const retries: string[] = [];
    const done: string[] = [];
    await runCases(stubVault(), [scripted(1, ['fail', 'fail', 'pass'])], {
      retries: 5,
      onRetry: (c, attempt, failure) => retries.push(`${c.name} ${attempt} ${failure.message}`),
      onCaseDone: (r) => done.push(`${r.name} ${r.status}`),
    });
    expect(retries).toEqual(['case-1 1 expected ok, got failure 1', 'case-1 2 expected ok, got failure 2']);
    expect(done).toEqual(['case-1 passed']);
  });

  it('refuses a retry count outside 0-5', async () => {
    await expect(runCases(stubVault(), [scripted(1, ['pass'])], { retries: 6 })).rejects.toThrow(
      'retries must be a whole number from 0 to 5, got 6',
    );
    await expect(runCases(stubVault(), [scripted(1, ['pass'])], { retries: -1 })).rejects.toThrow(RangeError);
  });
});

describe('runCases with a quarantine', () => {
  const cases = () => [
    scripted(1, ['fail']),
    scripted(2, ['fail', 'pass']),
    scripted(3, ['pass']),
    scripted(4, ['fail']),
  ];

  it('runs quarantined cases, reports their result and reason, and does not fail the run on them', async () => {
    const quarantine = parseQuarantine(
      ['case-1: upstream bug #12', '2: slow disk', '', '# comment', 'case-3: fixed?'],
      cases(),
    );
    const result = await runCases(stubVault(), cases().slice(0, 3), { retries: 1, quarantine });
    expect(result.cases.map((r) => [r.status, r.quarantine])).toEqual([
      ['failed', 'upstream bug #12'],
      ['passed', 'slow disk'],
      ['passed', 'fixed?'],
    ]);
    expect(result).toMatchObject({ passed: 2, failed: 0, quarantinedFailed: 1, flaky: 1 });
    // A quarantined flaky case does not fail the run even with fail-on-flaky.
    expect(suiteVerdict(result, { failOnFlaky: true })).toEqual({ fails: false, reason: '' });
  });

  it('still fails the run on a failure that is not quarantined', async () => {
    const quarantine = parseQuarantine(['case-1: known'], cases());
    const result = await runCases(stubVault(), [cases()[0] as E2eCase, cases()[3] as E2eCase], {
      quarantine,
    });
    expect(result).toMatchObject({ failed: 1, quarantinedFailed: 1 });
    expect(exitCodeFor(result)).toBe(1);
  });

  it('refuses a quarantine entry that names no case', async () => {
    await expect(
      runCases(stubVault(), cases(), { quarantine: [{ selector: 'nope', reason: 'x' }] }),
    ).rejects.toThrow(CaseSelectionError);
  });
});

describe('parseQuarantine', () => {
  const known = [scripted(1, ['pass']), scripted(5, ['pass'])];
  const problem = (lines: string[]) => {
    try {
      parseQuarantine(lines, known);
    } catch (error) {
      expect(error).toBeInstanceOf(QuarantineError);
      return (error as Error).message;
    }
    throw new Error('expected a QuarantineError');
  };

  it('takes names, numbers and labels, each with its reason', () => {
    expect(parseQuarantine(['case-1: a: b', ' 05 :  tracked in #7 '], known)).toEqual([
      { selector: 'case-1', reason: 'a: b' },
      { selector: '05', reason: 'tracked in #7' },
    ]);
  });

  it('names every bad entry in one message, with the valid cases', () => {
    expect(problem(['bogus: x', 'case-1', 'case-5:', '5: a', '01-case-1: again', 'case-1: dup'])).toBe(
      'quarantine entry 1: unknown case "bogus"; quarantine entry 2: "case-1" has no reason; write "case-1: why it is quarantined"; ' +
        'quarantine entry 3: "case-5" has no reason; write "case-5: why it is quarantined"; ' +
        'quarantine entry 6: "case-1" is already quarantined (as "01-case-1") ' +
        '(one "case-name: reason" per line; valid cases, name or number: 1 case-1, 5 case-5)',
    );
  });

  it('refuses a reason with control characters or over 200 characters', () => {
    expect(problem(['case-1: a\u001b[31m'])).toMatch(/holds a control character/);
    expect(problem([`case-1: ${'x'.repeat(201)}`])).toMatch(/is over 200 characters/);
  });
});
