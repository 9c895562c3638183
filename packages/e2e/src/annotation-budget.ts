// Which results become annotations. GitHub shows at most 10 error, 10 warning and 10 notice
// annotations per step and 50 per job, and drops the rest silently (actions/toolkit
// docs/problem-matchers.md, "Limitations"; community discussions #26680 and #68471). So the
// most telling go first (failures, then flaky, then quarantined failures) and one final
// annotation says how many were left out and where they are.
import { caseLabel } from './cases/case.js';
import { describeAttempts } from './reporters/console-reporter.js';
import { isFlaky, type SuiteResult } from './runner.js';

export type AnnotationLevel = 'error' | 'warning';

export interface PlannedAnnotation {
  level: AnnotationLevel;
  /** What it reports; 'omitted' is the note of what did not fit. */
  kind: 'failed' | 'flaky' | 'quarantined' | 'omitted';
  title: string;
  message: string;
}

export interface AnnotationOptions {
  /** Flaky cases fail the step: their annotations are errors. */
  failOnFlaky?: boolean;
  limits?: Readonly<Record<AnnotationLevel, number>>;
}

/** Per step, per level (the notice budget is not used). */
export const ANNOTATIONS_PER_STEP: Readonly<Record<AnnotationLevel, number>> = { error: 10, warning: 10 };
/** An annotation is a line in a list: the full text is in the summary, the JUnit report and the log. */
const ANNOTATION_MESSAGE_MAX_CHARS = 1_000;

function shorten(text: string): string {
  const chars = Array.from(text);
  return chars.length <= ANNOTATION_MESSAGE_MAX_CHARS
    ? text
    : `${chars.slice(0, ANNOTATION_MESSAGE_MAX_CHARS).join('')}… (${chars.length - ANNOTATION_MESSAGE_MAX_CHARS} more characters)`;
}

/** Every annotation the results call for, most telling first. */
function wantedAnnotations(suite: SuiteResult, opts: AnnotationOptions = {}): PlannedAnnotation[] {
  const failures = suite.cases
    .filter((r) => r.status === 'failed' && r.quarantine === undefined)
    .map((r) => {
      const attempts = describeAttempts(r);
      return {
        level: 'error' as const,
        kind: 'failed' as const,
        title: caseLabel(r),
        message: shorten(`${r.message ?? 'failed'}${attempts ? ` (${attempts})` : ''}`),
      };
    });
  const flaky = suite.cases.filter(isFlaky).map((r) => ({
    // With fail-on-flaky it fails the step, and the annotation says so at the same level.
    level: opts.failOnFlaky && r.quarantine === undefined ? ('error' as const) : ('warning' as const),
    kind: 'flaky' as const,
    title: `${caseLabel(r)} is flaky${r.quarantine !== undefined ? ' (quarantined)' : ''}`,
    message: shorten(
      [
        describeAttempts(r).replace(/^flaky: /, ''),
        ...(r.failedAttempts ?? []).map((f, i) => `attempt ${i + 1}: ${f.message}`),
      ].join('\n'),
    ),
  }));
  const quarantined = suite.cases
    .filter((r) => r.status === 'failed' && r.quarantine !== undefined)
    .map((r) => ({
      level: 'warning' as const,
      kind: 'quarantined' as const,
      title: `${caseLabel(r)} failed (quarantined)`,
      message: shorten(`quarantined: ${r.quarantine}; does not fail the step. ${r.message ?? 'failed'}`),
    }));
  return [...failures, ...flaky, ...quarantined];
}

/**
 * The annotations to emit, in order, within `limits`. When some do not fit, the last slot of
 * the level of the first one left out carries a note of how many were left out.
 */
export function planAnnotations(suite: SuiteResult, opts: AnnotationOptions = {}): PlannedAnnotation[] {
  const limits = opts.limits ?? ANNOTATIONS_PER_STEP;
  const wanted = wantedAnnotations(suite, opts);
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0 };
  const shown: PlannedAnnotation[] = [];
  const left: PlannedAnnotation[] = [];
  for (const a of wanted) {
    if (used[a.level] < limits[a.level]) {
      used[a.level]++;
      shown.push(a);
    } else {
      left.push(a);
    }
  }
  if (left.length === 0) return shown;
  const level = (left[0] as PlannedAnnotation).level;
  // The note takes the place of the last annotation of its level, which is then left out too.
  const lastOfLevel = shown.map((a) => a.level).lastIndexOf(level);
  if (lastOfLevel >= 0) left.unshift(...shown.splice(lastOfLevel, 1));
  const parts = (['failed', 'flaky', 'quarantined'] as const)
    .map((kind) => [left.filter((a) => a.kind === kind).length, kind] as const)
    .filter(([n]) => n > 0)
    .map(([n, kind]) => `${n} ${kind}`);
  shown.push({
    level,
    kind: 'omitted',
    title: `${left.length} more case${left.length > 1 ? 's' : ''} not annotated`,
    message: `GitHub shows at most ${limits.error} error and ${limits.warning} warning annotations per step; left out: ${parts.join(', ')}. The job summary, the JUnit report and the step log list every case.`,
  });
  return shown;
}
