import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CaseContext, CaseFailure, CaseSkip, type E2eCase } from '../../src/cases/case.js';
import { CaseSelectionError, runCases, selectCases } from '../../src/runner.js';
import { stubVault } from '../support/suite-fixtures.js';

// The timing tests run on vitest's fake clock (setTimeout, Date): cases "take" 10-200 ms
// without waiting for them, and a loaded machine cannot reorder or stretch them.
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
// The unit project shares one module graph per worker: never leave the fake clock behind.
afterEach(() => {
  vi.useRealTimers();
});

/** Runs `run` on the fake clock to completion: every timer it sets, however late, fires. */
async function onFakeClock<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers();
  const result = run();
  await vi.runAllTimersAsync();
  return result;
}

function makeCase(id: number, over: Partial<E2eCase> = {}): E2eCase {
  return { id, name: `case-${id}`, deadlineMs: 1_000, run: async () => {}, ...over };
}

describe('runCases', () => {
  it('runs non-exclusive cases concurrently up to the limit and keeps case order in results', async () => {
    let inFlight = 0;
    let peak = 0;
    const cases = [1, 2, 3, 4, 5, 6].map((id) =>
      makeCase(id, {
        run: async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await sleep(id % 2 ? 40 : 10);
          inFlight--;
        },
      }),
    );
    const result = await onFakeClock(() => runCases(stubVault(), cases, { concurrency: 3 }));
    expect(peak).toBe(3);
    expect(result.cases.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result).toMatchObject({ passed: 6, failed: 0, skipped: 0 });
  });

  it('runs exclusive cases alone, after every concurrent one has finished', async () => {
    const events: string[] = [];
    let inFlight = 0;
    const track = (name: string, ms: number) => async () => {
      inFlight++;
      events.push(`start ${name} (${inFlight} running)`);
      await sleep(ms);
      events.push(`end ${name}`);
      inFlight--;
    };
    const cases = [
      makeCase(1, { run: track('a', 30) }),
      makeCase(2, { exclusive: true, run: track('x', 10) }),
      makeCase(3, { run: track('b', 10) }),
      makeCase(4, { exclusive: true, run: track('y', 10) }),
    ];
    await onFakeClock(() => runCases(stubVault(), cases, { concurrency: 4 }));
    expect(events.slice(0, 2).sort()).toEqual(['start a (1 running)', 'start b (2 running)']);
    expect(events.slice(4)).toEqual(['start x (1 running)', 'end x', 'start y (1 running)', 'end y']);
  });

  it('fails a case past its deadline with "timed out after N ms" and aborts its signal', async () => {
    let seen: CaseContext | undefined;
    const stuck = makeCase(1, {
      deadlineMs: 50,
      run: (_vault, ctx) => {
        seen = ctx;
        return new Promise(() => {});
      },
    });
    vi.useFakeTimers({ now: Date.parse('2026-03-20T10:00:00.000Z') });
    let settled = false;
    const running = runCases(stubVault(), [stuck]).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    expect(seen?.signal.aborted).toBe(false);
    expect(seen?.deadline).toBe(Date.parse('2026-03-20T10:00:00.050Z'));
    await vi.advanceTimersByTimeAsync(1);
    const result = await running;
    // On the fake clock the reported duration is exactly the deadline.
    expect(result.cases[0]).toMatchObject({
      status: 'failed',
      message: 'timed out after 50 ms',
      durationMs: 50,
    });
    expect(seen?.signal.aborted).toBe(true);
  });

  it('a per-case timeout replaces each case own deadline', async () => {
    const slow = makeCase(1, { deadlineMs: 10, run: () => sleep(40) });
    const passed = await onFakeClock(() => runCases(stubVault(), [slow], { timeoutPerCaseMs: 1_000 }));
    expect(passed.cases[0]).toMatchObject({ status: 'passed', durationMs: 40 });
    const failed = await onFakeClock(() =>
      runCases(stubVault(), [makeCase(2, { run: () => sleep(200) })], { timeoutPerCaseMs: 20 }),
    );
    expect(failed.cases[0]).toMatchObject({
      status: 'failed',
      message: 'timed out after 20 ms',
      durationMs: 20,
    });
  });

  it('reports CaseFailure messages as they are and other errors with their type', async () => {
    const result = await runCases(stubVault(), [
      makeCase(1, {
        run: async () => {
          throw new CaseFailure('200', '503', 'from /health');
        },
      }),
      makeCase(2, {
        run: () => {
          throw new TypeError('boom');
        },
      }),
    ]);
    expect(result.cases.map((c) => c.message)).toEqual([
      'expected 200, got 503 (from /health)',
      'TypeError: boom',
    ]);
    expect(result.failed).toBe(2);
  });

  it('attaches the last 40 log lines to a failure, with tokens and known secrets masked', async () => {
    const token = `evt_${'a'.repeat(32)}`;
    const other = `evt_${'b'.repeat(32)}`;
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i}`);
    lines.push(`token ${token} secret TEAMSECRET123 key SECKEYFRAGMENT other ${other}`);
    const vault = stubVault({
      token,
      readLogs: async () => `${lines.join('\n')}\n\n`,
      knownSecrets: async () => ({ teamSecret: 'TEAMSECRET123', secKeyFragments: ['SECKEYFRAGMENT'] }),
    });
    const result = await runCases(vault, [
      makeCase(1, {
        run: async () => {
          throw new Error(`call with ${token} failed`);
        },
      }),
    ]);
    const excerpt = result.cases[0]?.logExcerpt?.split('\n') ?? [];
    expect(excerpt).toHaveLength(40);
    expect(excerpt[0]).toBe('line 21');
    expect(excerpt.at(-1)).toBe('token [MASKED] secret [MASKED] key [MASKED] other [MASKED]');
    expect(result.cases[0]?.message).toBe('Error: call with [MASKED] failed');
  });

  it('still reports a failure when the logs cannot be read', async () => {
    const vault = stubVault({
      readLogs: async () => {
        throw new Error('container gone');
      },
    });
    const result = await runCases(vault, [makeCase(1, { run: async () => Promise.reject(new Error('x')) })]);
    expect(result.cases[0]?.logExcerpt).toBe("(could not read the vault's logs: container gone)");
  });

  it('skips cases whose needs the vault does not meet, and runs them when it does', async () => {
    let ran = 0;
    const cases = [
      makeCase(16, { name: 'tls', needs: ['tls'], run: async () => void ran++ }),
      makeCase(15, { name: 'oidc', needs: ['oidc'], run: async () => void ran++ }),
    ];
    const plain = await runCases(stubVault(), cases);
    expect(plain.cases.map((c) => [c.status, c.message])).toEqual([
      ['skipped', 'needs tls: the vault under test serves plaintext (no CA given)'],
      ['skipped', 'needs oidc: not configured on the vault under test'],
    ]);
    expect(ran).toBe(0);
    const full = await runCases(stubVault({ tlsRootCert: Buffer.from('pem') }), cases, {
      available: ['oidc'],
    });
    expect(full).toMatchObject({ passed: 2, skipped: 0 });
  });

  it('reports a CaseSkip thrown by the case as skipped with its reason', async () => {
    const result = await runCases(stubVault(), [
      makeCase(1, {
        run: async () => {
          throw new CaseSkip('no log source');
        },
      }),
    ]);
    expect(result.cases[0]).toMatchObject({ status: 'skipped', message: 'no log source' });
    expect(result.skipped).toBe(1);
  });

  it('hands every case the same run id, random per run unless given', async () => {
    const ids: string[] = [];
    const cases = [1, 2].map((id) => makeCase(id, { run: async (_v, ctx) => void ids.push(ctx.runId) }));
    await runCases(stubVault(), cases);
    await runCases(stubVault(), cases);
    await runCases(stubVault(), cases, { runId: 'fixed' });
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toMatch(/^[0-9a-f]{6}$/);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids.slice(4)).toEqual(['fixed', 'fixed']);
  });
});

describe('selectCases', () => {
  const cases = [
    makeCase(1, { name: 'health' }),
    makeCase(3, { name: 'reflection' }),
    makeCase(13, { name: 'rate-limit' }),
  ];

  it('accepts names, numbers, zero-padded numbers and labels', () => {
    expect(selectCases(cases, ['health', '03']).map((c) => c.id)).toEqual([1, 3]);
    expect(selectCases(cases, ['13-rate-limit']).map((c) => c.id)).toEqual([13]);
    expect(selectCases(cases, [], ['3', 'Health']).map((c) => c.id)).toEqual([13]);
    expect(selectCases(cases).map((c) => c.id)).toEqual([1, 3, 13]);
  });

  it('rejects unknown names with the list of valid ones', () => {
    expect(() => selectCases(cases, ['helth', '99'])).toThrow(CaseSelectionError);
    expect(() => selectCases(cases, ['helth'])).toThrow(
      'unknown case "helth"; valid cases (name or number): 1 health, 3 reflection, 13 rate-limit',
    );
  });

  it('runCases rejects an unknown selection before running anything', async () => {
    let ran = false;
    const one = makeCase(1, {
      run: async () => {
        ran = true;
      },
    });
    await expect(runCases(stubVault(), [one], { exclude: ['nope'] })).rejects.toThrow(/unknown case "nope"/);
    expect(ran).toBe(false);
  });
});
