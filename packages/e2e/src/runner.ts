import { randomBytes } from 'node:crypto';
import {
  type CaseContext,
  CaseFailure,
  type CaseNeed,
  CaseSkip,
  caseLabel,
  type E2eCase,
} from './cases/case.js';
import type { QuarantineEntry } from './quarantine.js';
import { cutTail } from './reporters/byte-budget.js';
import type { VaultUnderTest } from './vault-under-test.js';

type CaseStatus = 'passed' | 'failed' | 'skipped';

/** One failed run of a case (an attempt), as a retry leaves it behind. */
export interface AttemptFailure {
  message: string;
  logExcerpt?: string;
  durationMs: number;
}

export interface CaseResult {
  id: number;
  name: string;
  /** The outcome of the last attempt (a skip on a retry leaves the case failed). */
  status: CaseStatus;
  /** Every attempt together. */
  durationMs: number;
  /** Failure: "expected …, got …" (of the first attempt); skipped: the reason. */
  message?: string;
  /** Failure only: the last lines of the vault's log source, secrets masked. */
  logExcerpt?: string;
  /**
   * With retries, each failed attempt in order (a case that failed every attempt has them
   * all, the first being `message`). A passed case with any is flaky.
   */
  failedAttempts?: AttemptFailure[];
  /** How many times it ran (1 without retries). */
  attempts?: number;
  /** Quarantined: the reason. Its failure is reported and does not fail the run. */
  quarantine?: string;
}

export interface SuiteResult {
  cases: CaseResult[];
  /** Flaky cases included: they passed in the end. */
  passed: number;
  /** Failed cases that fail the run: quarantined ones are counted in quarantinedFailed. */
  failed: number;
  skipped: number;
  /** Passed after failing at least once (absent: 0). */
  flaky?: number;
  /** Quarantined cases that failed every attempt (absent: 0). */
  quarantinedFailed?: number;
  durationMs: number;
  /** ISO time the run started (JUnit's timestamp). */
  startedAt: string;
}

export interface RunOptions {
  /** Non-exclusive cases in flight at once (default 4). */
  concurrency?: number;
  /** One deadline for every case, replacing each case's own. */
  timeoutPerCaseMs?: number;
  /** Case names or numbers ("3", "03", "reflection", "03-reflection"); default all. */
  only?: string[];
  exclude?: string[];
  /** What the vault offers beyond what it shows; tls is detected from vault.tlsRootCert. */
  available?: CaseNeed[];
  /** Suffix for the users and roles cases create; random by default. */
  runId?: string;
  /** Called as each case finishes (progress output). */
  onCaseDone?: (result: CaseResult) => void;
  /** Runs of a failed case after its first (0-5, default 0): one that then passes is flaky. */
  retries?: number;
  /** Called when a failed attempt is about to be retried (attempt counts from 1). */
  onRetry?: (c: E2eCase, attempt: number, failure: AttemptFailure) => void;
  /** Cases whose failure is reported but does not fail the run (see quarantine.ts). */
  quarantine?: readonly QuarantineEntry[];
}

const DEFAULT_CONCURRENCY = 4;
/** Enough to tell a flaky case from a broken one; more only hides a real problem for longer. */
export const MAX_RETRIES = 5;
const LOG_EXCERPT_LINES = 40;
/** Lines can be any length: the excerpt keeps its last 64 KiB (reports cap it further). */
const LOG_EXCERPT_MAX_BYTES = 64 * 1024;
const LOG_READ_TIMEOUT_MS = 5_000;
const ISSUED_TOKEN = /evt_[0-9a-f]{32}/g;
// OIDC subject tokens (case 15): a JOSE header always starts with base64url of '{"'.
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const MASK = '[MASKED]';

/** An unknown --cases/--exclude entry; the message lists every valid name. */
export class CaseSelectionError extends Error {
  override name = 'CaseSelectionError';
}

/** Whether `selector` (a number, name or label, as --cases takes them) names case `c`. */
export function matchesCase(c: E2eCase, selector: string): boolean {
  const s = selector.trim().toLowerCase();
  return /^\d+$/.test(s) ? Number(s) === c.id : s === c.name || s === caseLabel(c);
}
const matches = matchesCase;

/** Passed in the end after at least one failed attempt. */
export function isFlaky(r: CaseResult): boolean {
  return r.status === 'passed' && (r.failedAttempts?.length ?? 0) > 0;
}

/** The cases `only` names (all when empty) minus those `exclude` names, in their given order. */
export function selectCases(
  cases: readonly E2eCase[],
  only: readonly string[] = [],
  exclude: readonly string[] = [],
): E2eCase[] {
  const unknown = [...only, ...exclude].filter((s) => !cases.some((c) => matches(c, s)));
  if (unknown.length > 0) {
    const valid = cases.map((c) => `${c.id} ${c.name}`).join(', ');
    throw new CaseSelectionError(
      `unknown case${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}; valid cases (name or number): ${valid}`,
    );
  }
  return cases.filter(
    (c) => (only.length === 0 || only.some((s) => matches(c, s))) && !exclude.some((s) => matches(c, s)),
  );
}

/**
 * Runs the selected cases against one vault: the non-exclusive ones concurrently, then the
 * exclusive ones alone, one after another. Never throws for a case; results keep case order.
 */
export async function runCases(
  vault: VaultUnderTest,
  cases: readonly E2eCase[],
  opts: RunOptions = {},
): Promise<SuiteResult> {
  const selected = selectCases(cases, opts.only, opts.exclude);
  const retries = opts.retries ?? 0;
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    throw new RangeError(`retries must be a whole number from 0 to ${MAX_RETRIES}, got ${retries}`);
  }
  const unknown = (opts.quarantine ?? []).filter((q) => !cases.some((c) => matches(c, q.selector)));
  if (unknown.length > 0) {
    throw new CaseSelectionError(
      `unknown quarantined case ${unknown.map((q) => JSON.stringify(q.selector)).join(', ')}`,
    );
  }
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const runId = opts.runId ?? randomBytes(3).toString('hex');
  const available = new Set<CaseNeed>(opts.available ?? []);
  if (vault.tlsRootCert) available.add('tls');
  if (vault.oidc) available.add('oidc');
  const masker = lazyMasker(vault);
  const results = new Map<E2eCase, CaseResult>();

  const runOne = async (c: E2eCase) => {
    const result = await runWithRetries(vault, c, retries, opts, {
      runId,
      available,
      masker,
      timeoutMs: opts.timeoutPerCaseMs,
    });
    const reason = opts.quarantine?.find((q) => matches(c, q.selector))?.reason;
    const reported = reason === undefined ? result : { ...result, quarantine: reason };
    results.set(c, reported);
    opts.onCaseDone?.(reported);
  };

  const concurrent = selected.filter((c) => !c.exclusive);
  const queue = [...concurrent];
  const workers = Array.from(
    { length: Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, queue.length)) },
    async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await runOne(next);
    },
  );
  await Promise.all(workers);
  for (const c of selected.filter((c) => c.exclusive)) await runOne(c);

  const ordered = selected.map((c) => results.get(c) as CaseResult);
  const count = (status: CaseStatus) => ordered.filter((r) => r.status === status).length;
  const quarantinedFailed = ordered.filter((r) => r.status === 'failed' && r.quarantine !== undefined).length;
  return {
    cases: ordered,
    passed: count('passed'),
    failed: count('failed') - quarantinedFailed,
    skipped: count('skipped'),
    flaky: ordered.filter(isFlaky).length,
    quarantinedFailed,
    durationMs: Date.now() - started,
    startedAt,
  };
}

/**
 * Runs `c`, then again while it fails, up to `retries` more times. Each attempt is fresh: its
 * own deadline and signal, and its own run id, so users and roles it creates never collide
 * with a failed attempt's leftovers on the same vault.
 */
async function runWithRetries(
  vault: VaultUnderTest,
  c: E2eCase,
  retries: number,
  opts: RunOptions,
  caseOpts: RunCaseOptions,
): Promise<CaseResult> {
  const failures: AttemptFailure[] = [];
  let totalMs = 0;
  let ran = 0;
  while (ran <= retries) {
    ran++;
    const runId = ran === 1 ? caseOpts.runId : `${caseOpts.runId}r${ran}`;
    const result = await runCase(vault, c, { ...caseOpts, runId });
    if (retries === 0) return result;
    totalMs += result.durationMs;
    if (result.status !== 'failed') {
      // A skip after a failure explains nothing: the case stays failed.
      if (failures.length > 0 && result.status === 'skipped') break;
      return {
        ...result,
        durationMs: totalMs,
        attempts: ran,
        ...(failures.length > 0 ? { failedAttempts: failures } : {}),
      };
    }
    const failure: AttemptFailure = {
      message: result.message ?? 'failed',
      ...(result.logExcerpt !== undefined ? { logExcerpt: result.logExcerpt } : {}),
      durationMs: result.durationMs,
    };
    failures.push(failure);
    if (ran <= retries) opts.onRetry?.(c, ran, failure);
  }
  // Failed every attempt (Surefire's shape: the first failure, then the reruns).
  const head = failures[0] as AttemptFailure;
  return {
    id: c.id,
    name: c.name,
    status: 'failed',
    durationMs: totalMs,
    message: head.message,
    ...(head.logExcerpt !== undefined ? { logExcerpt: head.logExcerpt } : {}),
    failedAttempts: failures,
    attempts: ran,
  };
}

interface RunCaseOptions {
  runId: string;
  available: Set<CaseNeed>;
  masker: () => Promise<(text: string) => string>;
  timeoutMs: number | undefined;
}

async function runCase(vault: VaultUnderTest, c: E2eCase, opts: RunCaseOptions): Promise<CaseResult> {
  const base = { id: c.id, name: c.name };
  const missing = (c.needs ?? []).filter((need) => !opts.available.has(need));
  if (missing.length > 0) {
    return { ...base, status: 'skipped', durationMs: 0, message: missing.map(needReason).join('; ') };
  }

  const deadlineMs = opts.timeoutMs ?? c.deadlineMs;
  const started = Date.now();
  const controller = new AbortController();
  const ctx: CaseContext = { runId: opts.runId, signal: controller.signal, deadline: started + deadlineMs };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), deadlineMs);
  });
  const running = Promise.resolve().then(() => c.run(vault, ctx));
  // A case past its deadline keeps running in the background; its late failure is moot.
  running.catch(() => {});

  let outcome: { status: CaseStatus; message?: string };
  try {
    const first = await Promise.race([running.then(() => 'done' as const), timedOut]);
    outcome =
      first === 'timeout'
        ? { status: 'failed', message: `timed out after ${deadlineMs} ms` }
        : { status: 'passed' };
  } catch (error) {
    outcome =
      error instanceof CaseSkip
        ? { status: 'skipped', message: error.message }
        : { status: 'failed', message: failureMessage(error) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const durationMs = Date.now() - started;
  if (outcome.status !== 'failed') return { ...base, ...outcome, durationMs };

  const mask = await opts.masker();
  return {
    ...base,
    status: 'failed',
    durationMs,
    message: mask(outcome.message ?? 'failed'),
    logExcerpt: mask(await logTail(vault)),
  };
}

function needReason(need: CaseNeed): string {
  return need === 'tls'
    ? 'needs tls: the vault under test serves plaintext (no CA given)'
    : `needs ${need}: not configured on the vault under test`;
}

function failureMessage(error: unknown): string {
  if (error instanceof CaseFailure) return error.message;
  // Anything else is a bug or an environment problem; say which kind of error it was.
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

async function logTail(vault: VaultUnderTest): Promise<string> {
  try {
    const logs = await withTimeout(vault.readLogs(), LOG_READ_TIMEOUT_MS, 'reading logs');
    const tail = logs
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-LOG_EXCERPT_LINES)
      .join('\n');
    return cutTail(tail, LOG_EXCERPT_MAX_BYTES);
  } catch (error) {
    return `(could not read the vault's logs: ${(error as Error).message})`;
  }
}

/** Masks the suite token, the driver's known secrets and anything shaped like an issued token. */
function lazyMasker(vault: VaultUnderTest): () => Promise<(text: string) => string> {
  let masker: Promise<(text: string) => string> | undefined;
  return () => {
    masker ??= (async () => {
      const known = await withTimeout(vault.knownSecrets(), LOG_READ_TIMEOUT_MS, 'reading secrets').catch(
        () => ({ teamSecret: undefined, secKeyFragments: [] as string[] }),
      );
      const secrets = [vault.token, known.teamSecret, ...known.secKeyFragments]
        .filter((s): s is string => typeof s === 'string' && s.length >= 8)
        .sort((a, b) => b.length - a.length);
      return (text: string) => {
        let out = text;
        for (const secret of secrets) out = out.split(secret).join(MASK);
        return out.replace(ISSUED_TOKEN, MASK).replace(JWT, MASK);
      };
    })();
    return masker;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
