import { describe, expect, it } from 'vitest';
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

describe('HttpHealthWait', () => {
  it('resolves on the first expected status after refusals and 503s', async () => {
    const probe = scriptedProbe([0, 503, 0, 200]);
    const { target, watched } = fakeTarget();
    const result = await fast().withProbe(probe).waitUntilReady(target);
    expect(result.attempts).toBe(4);
    expect(probe.calls).toBe(4);
    // The exit watch is released once ready, so nothing keeps polling the engine.
    expect(watched.every((signal) => signal.aborted)).toBe(true);
  });

  it('accepts another status when told to', async () => {
    const result = await fast()
      .forStatusCode(204)
      .withProbe(scriptedProbe([200, 204]))
      .waitUntilReady(fakeTarget().target);
    expect(result.attempts).toBe(2);
  });

  it('gives up as soon as the target exits, naming it with its exit code and last log lines', async () => {
    const { target } = fakeTarget({ exitAfterMs: 60, exit: { exitCode: 3 } });
    const started = performance.now();
    const error = await new HttpHealthWait(URL)
      .withPollInterval(20)
      .withDeadline(120_000)
      .withLogLines(2)
      .withProbe(scriptedProbe([0]))
      .waitUntilReady(target)
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(TargetExitedError);
    const exited = error as TargetExitedError;
    expect(exited.message).toMatch(
      /^container 0123456789ab exited \(code 3\) after \d+ ms, before GET http:\/\/127\.0\.0\.1:9\/health answered 200 \(last: no answer\)/,
    );
    expect(exited.message).toContain('line 2\nconfig error: unknown key');
    expect(exited.message).not.toContain('line 1');
    expect(exited.exit).toEqual({ exitCode: 3 });
  });

  it('does not wait for a slow request to notice the exit', async () => {
    const { target } = fakeTarget({ exitAfterMs: 30 });
    const hanging: StatusProbe = () => new Promise(() => {});
    const started = performance.now();
    await expect(fast().withProbe(hanging).waitUntilReady(target)).rejects.toBeInstanceOf(TargetExitedError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('fails at once for a target that has already exited, by signal', async () => {
    const { target, exitNow } = fakeTarget();
    exitNow({ exitCode: null, signal: 'SIGKILL' });
    await expect(
      fast()
        .withProbe(scriptedProbe([0]))
        .waitUntilReady(target),
    ).rejects.toThrow(/exited \(signal SIGKILL\)/);
  });

  it('fails at the deadline with the last answer and the logs while the target still runs', async () => {
    const { target } = fakeTarget({ logs: 'starting\nstill starting\n' });
    const started = performance.now();
    const error = await new HttpHealthWait(URL)
      .withPollInterval(10)
      .withDeadline(150)
      .withProbe(scriptedProbe([503]))
      .waitUntilReady(target)
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(HealthDeadlineError);
    expect((error as Error).message).toMatch(
      /did not answer 200 within 150 ms \(\d+ attempts, last: HTTP 503\)/,
    );
    expect((error as Error).message).toContain('container 0123456789ab is still running');
    expect((error as Error).message).toContain('still starting');
  });

  it('still reports the exit when the logs cannot be read', async () => {
    const { target } = fakeTarget({ exitAfterMs: 0, logs: new Error('no such container') });
    await expect(
      fast()
        .withProbe(scriptedProbe([0]))
        .waitUntilReady(target),
    ).rejects.toThrow(/\(logs unavailable: no such container\)/);
  });

  it('caps each request at the time left before the deadline', async () => {
    const timeouts: number[] = [];
    const probe: StatusProbe = async (_url, timeoutMs) => {
      timeouts.push(timeoutMs);
      return 0;
    };
    await new HttpHealthWait(URL)
      .withDeadline(60)
      .withRequestTimeout(2_000)
      .withPollInterval(5)
      .withProbe(probe)
      .waitUntilReady(fakeTarget().target)
      .catch(() => undefined);
    expect(Math.max(...timeouts)).toBeLessThanOrEqual(60);
  });
});

describe('lastLines', () => {
  it('keeps the last lines, ignoring a trailing newline', () => {
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc');
    expect(lastLines('only', 5)).toBe('only');
  });
});
