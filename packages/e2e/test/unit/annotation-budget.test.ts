import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_STEP, planAnnotations } from '../../src/annotation-budget.js';
import type { CaseResult } from '../../src/runner.js';
import { suiteOf } from '../support/suite-fixtures.js';

const failed = (id: number): CaseResult => ({
  id,
  name: `f${id}`,
  status: 'failed',
  durationMs: 1,
  message: `broke ${id}`,
});
const flaky = (id: number): CaseResult => ({
  id,
  name: `k${id}`,
  status: 'passed',
  durationMs: 2,
  attempts: 2,
  failedAttempts: [{ message: `blip ${id}`, durationMs: 1 }],
});
const quarantined = (id: number): CaseResult => ({ ...failed(id), name: `q${id}`, quarantine: 'known' });

describe('planAnnotations', () => {
  it('annotates failures, then flaky, then quarantined failures, each with its case as title', () => {
    const plan = planAnnotations(suiteOf([quarantined(3), flaky(2), failed(1)]));
    expect(plan).toEqual([
      { level: 'error', kind: 'failed', title: '01-f1', message: 'broke 1' },
      {
        level: 'warning',
        kind: 'flaky',
        title: '02-k2 is flaky',
        message: 'passed on attempt 2 of 2\nattempt 1: blip 2',
      },
      {
        level: 'warning',
        kind: 'quarantined',
        title: '03-q3 failed (quarantined)',
        message: 'quarantined: known; does not fail the step. broke 3',
      },
    ]);
  });

  it('makes flaky annotations errors with fail-on-flaky (a quarantined flaky case stays a warning)', () => {
    const plan = planAnnotations(suiteOf([flaky(1), { ...flaky(2), quarantine: 'x' }]), {
      failOnFlaky: true,
    });
    expect(plan.map((a) => [a.level, a.title])).toEqual([
      ['error', '01-k1 is flaky'],
      ['warning', '02-k2 is flaky (quarantined)'],
    ]);
  });

  it("stays within GitHub's per-step limits, failures first, and says in the last slot how many were left out", () => {
    const cases = [
      ...Array.from({ length: 14 }, (_, i) => failed(i + 1)),
      ...Array.from({ length: 12 }, (_, i) => flaky(20 + i)),
      ...Array.from({ length: 3 }, (_, i) => quarantined(40 + i)),
    ];
    const plan = planAnnotations(suiteOf(cases));
    const errors = plan.filter((a) => a.level === 'error');
    const warnings = plan.filter((a) => a.level === 'warning');
    expect(errors).toHaveLength(ANNOTATIONS_PER_STEP.error);
    expect(warnings).toHaveLength(ANNOTATIONS_PER_STEP.warning);
    // Nine failures in case order, then the note in the tenth error slot.
    expect(errors.slice(0, 9).map((a) => a.title)).toEqual(
      cases.slice(0, 9).map((c) => `${String(c.id).padStart(2, '0')}-${c.name}`),
    );
    expect(plan.at(-1)).toEqual({
      level: 'error',
      kind: 'omitted',
      title: '10 more cases not annotated',
      message:
        'GitHub shows at most 10 error and 10 warning annotations per step; left out: 5 failed, 2 flaky, 3 quarantined. ' +
        'The job summary, the JUnit report and the step log list every case.',
    });
    // Flaky ones fill the warnings before any quarantined one.
    expect(warnings.every((a) => a.kind === 'flaky')).toBe(true);
  });

  it('puts the note in a warning slot when only warnings overflow', () => {
    const plan = planAnnotations(suiteOf(Array.from({ length: 11 }, (_, i) => flaky(i + 1))));
    expect(plan).toHaveLength(10);
    expect(plan.at(-1)).toMatchObject({
      level: 'warning',
      kind: 'omitted',
      title: '2 more cases not annotated',
    });
  });

  it('shortens a huge message, keeping whole characters', () => {
    const huge = `${'🔐'.repeat(5_000)}`;
    const [a] = planAnnotations(suiteOf([{ ...failed(1), message: huge }]));
    expect(a?.message.startsWith('🔐'.repeat(1_000))).toBe(true);
    expect(a?.message.endsWith('… (4000 more characters)')).toBe(true);
    expect(a?.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
