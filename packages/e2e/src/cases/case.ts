import type { VaultUnderTest } from '../vault-under-test.js';

/** What a case may require of the vault beyond the plaintext defaults. */
export type CaseNeed = 'tls' | 'oidc';

export interface CaseContext {
  /** Short random id of this run; suffix user and role names with it so reruns never collide. */
  runId: string;
  /** Aborted when the case's deadline passes: hand it to waits and polls so they stop early. */
  signal: AbortSignal;
  /** Epoch ms at which the case times out. */
  deadline: number;
}

export interface E2eCase {
  id: number;
  name: string;
  deadlineMs: number;
  /** Runs alone, after the concurrent cases: it counts failures or spends a rate budget. */
  exclusive?: boolean;
  needs?: CaseNeed[];
  run(vault: VaultUnderTest, ctx: CaseContext): Promise<void>;
}

/** A check that did not hold; the message reads "expected …, got …". */
export class CaseFailure extends Error {
  override name = 'CaseFailure';
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly detail?: string,
  ) {
    super(`expected ${expected}, got ${actual}${detail ? ` (${detail})` : ''}`);
  }
}

/** Thrown by a case that cannot apply to this vault; the runner reports it as skipped. */
export class CaseSkip extends Error {
  override name = 'CaseSkip';
}

/** "07-audit-log": the label used in reports and accepted by --cases. */
export function caseLabel(c: Pick<E2eCase, 'id' | 'name'>): string {
  return `${String(c.id).padStart(2, '0')}-${c.name}`;
}
