import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ExitStatus,
  HealthDeadlineError,
  HttpHealthWait,
  lastLines,
  type StatusProbe,
  TargetExitedError,
  type WaitTarget,
} from '../../../src/drivers/wait/http-health-wait.js';

const URL = 'http://127.0.0.1:9/health';

/** A fake server: answers each request with the next status of the script (the last repeats). */
function scriptedProbe(statuses: number[]): StatusProbe & { calls: number } {
  const probe = Object.assign(
    async () => {
      const status = statuses[Math.min(probe.calls, statuses.length - 1)] ?? 0;
      probe.calls += 1;
      return status;
    },
    { calls: 0 },
  );
  return probe;
}

/** A fake container/process: exits when told to (or after `exitAfterMs`), with fixed logs. */
function fakeTarget(options: { exitAfterMs?: number; exit?: ExitStatus; logs?: string | Error } = {}) {
  let exitNow: (status: ExitStatus) => void = () => {};
  const exit = new Promise<ExitStatus>((resolve) => {
    exitNow = resolve;
  });
  if (options.exitAfterMs !== undefined) {
    setTimeout(() => exitNow(options.exit ?? { exitCode: 1 }), options.exitAfterMs);
  }
  const watched: AbortSignal[] = [];
  const target: WaitTarget = {
    description: 'container 0123456789ab',
    exited(signal) {
      watched.push(signal);
      return Promise.race([
        exit,
        new Promise<undefined>((resolve) => signal.addEventListener('abort', () => resolve(undefined))),
      ]);
    },
    async lastLogLines(count) {
      if (options.logs instanceof Error) throw options.logs;
      return lastLines(options.logs ?? 'line 1\nline 2\nconfig error: unknown key\n', count);
    },
  };
  return { target, watched, exitNow };
}

const fast = () => new HttpHealthWait(URL).withPollInterval(5).withDeadline(2_000);

/** The wait's outcome once it settles (its value or what it threw); `done` says whether it has. */
function outcomeOf<T>(wait: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  const settled = wait.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return Object.assign(state, { settled });
}

// Polls, deadlines, exits and elapsed times run on vitest's fake clock (setTimeout and
// performance.now): each test moves time itself, so a loaded machine cannot stretch a
// deadline, and "gives up at once" means "settled without the clock reaching the deadline".
describe('HttpHealthWait', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  // The unit project shares one module graph per worker: never leave the fake clock behind.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves on the first expected status after refusals and 503s', async () => {
    const probe = scriptedProbe([0, 503, 0, 200]);
    const { target, watched } = fakeTarget();
    const wait = outcomeOf(fast().withProbe(probe).waitUntilReady(target));
    await vi.advanceTimersByTimeAsync(14);
    expect(wait.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.value).toEqual({ attempts: 4, elapsedMs: 15 });
    expect(probe.calls).toBe(4);
    // The exit watch is released once ready, so nothing keeps polling the engine.
    expect(watched.every((signal) => signal.aborted)).toBe(true);
  });

  it('accepts another status when told to', async () => {
    const wait = outcomeOf(
      fast()
        .forStatusCode(204)
        .withProbe(scriptedProbe([200, 204]))
        .waitUntilReady(fakeTarget().target),
    );
    await vi.advanceTimersByTimeAsync(5);
    expect(wait.value?.attempts).toBe(2);
  });

  it('gives up as soon as the target exits, naming it with its exit code and last log lines', async () => {
    const { target } = fakeTarget({ exitAfterMs: 50, exit: { exitCode: 3 } });
    const wait = outcomeOf(
      new HttpHealthWait(URL)
        .withPollInterval(20)
        .withDeadline(120_000)
        .withLogLines(2)
        .withProbe(scriptedProbe([0]))
        .waitUntilReady(target),
    );
    await vi.advanceTimersByTimeAsync(49);
    expect(wait.done).toBe(false);
    // The exit lands mid-rest (polls at 0, 20, 40, 60 ms): noticed then, not at the next poll.
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.error).toBeInstanceOf(TargetExitedError);
    const exited = wait.error as TargetExitedError;
    expect(exited.message).toMatch(
      /^container 0123456789ab exited \(code 3\) after 50 ms, before GET http:\/\/127\.0\.0\.1:9\/health answered 200 \(last: no answer\)/,
    );
    expect(exited.message).toContain('line 2\nconfig error: unknown key');
    expect(exited.message).not.toContain('line 1');
    expect(exited.exit).toEqual({ exitCode: 3 });
  });

  it('does not wait for a slow request to notice the exit', async () => {
    const { target } = fakeTarget({ exitAfterMs: 30 });
    const hanging: StatusProbe = () => new Promise(() => {});
    const wait = outcomeOf(fast().withProbe(hanging).waitUntilReady(target));
    await vi.advanceTimersByTimeAsync(30);
    expect(wait.error).toBeInstanceOf(TargetExitedError);
  });

  it('fails at once for a target that has already exited, by signal', async () => {
    const { target, exitNow } = fakeTarget();
    exitNow({ exitCode: null, signal: 'SIGKILL' });
    const wait = outcomeOf(
      fast()
        .withProbe(scriptedProbe([0]))
        .waitUntilReady(target),
    );
    await wait.settled;
    expect((wait.error as Error).message).toMatch(/exited \(signal SIGKILL\) after 0 ms/);
  });

  it('fails at the deadline with the last answer and the logs while the target still runs', async () => {
    const { target } = fakeTarget({ logs: 'starting\nstill starting\n' });
    const wait = outcomeOf(
      new HttpHealthWait(URL)
        .withPollInterval(10)
        .withDeadline(150)
        .withProbe(scriptedProbe([503]))
        .waitUntilReady(target),
    );
    await vi.advanceTimersByTimeAsync(149);
    expect(wait.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = wait.error;
    expect(error).toBeInstanceOf(HealthDeadlineError);
    // Polls at 0, 10, …, 150 ms: the last one at the deadline itself.
    expect((error as Error).message).toMatch(
      /did not answer 200 within 150 ms \(16 attempts, last: HTTP 503\)/,
    );
    expect((error as Error).message).toContain('container 0123456789ab is still running');
    expect((error as Error).message).toContain('still starting');
  });

  it('still reports the exit when the logs cannot be read', async () => {
    const { target } = fakeTarget({ exitAfterMs: 0, logs: new Error('no such container') });
    const wait = outcomeOf(
      fast()
        .withProbe(scriptedProbe([0]))
        .waitUntilReady(target),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect((wait.error as Error).message).toMatch(/\(logs unavailable: no such container\)/);
  });

  it('caps each request at the time left before the deadline', async () => {
    const timeouts: number[] = [];
    const probe: StatusProbe = async (_url, timeoutMs) => {
      timeouts.push(timeoutMs);
      return 0;
    };
    const wait = outcomeOf(
      new HttpHealthWait(URL)
        .withDeadline(60)
        .withRequestTimeout(2_000)
        .withPollInterval(5)
        .withProbe(probe)
        .waitUntilReady(fakeTarget().target),
    );
    await vi.advanceTimersByTimeAsync(60);
    expect(wait.error).toBeInstanceOf(HealthDeadlineError);
    // Polls every 5 ms: each capped at what is left (60, 55, …, 5), the last at least 1 ms.
    expect(timeouts).toEqual([...Array.from({ length: 12 }, (_, i) => 60 - 5 * i), 1]);
  });
});

describe('lastLines', () => {
  it('keeps the last lines, ignoring a trailing newline', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc');
    expect(lastLines('only', 5)).toBe('only');
  });
});
