// Readiness = an HTTP endpoint (the vault's GET /health) answers the expected status. Polls
// until a deadline, but gives up at once when what it waits for exits, naming it and quoting
// its last log lines: a vault that dies at start fails in seconds, not at the deadline.

export interface ExitStatus {
  /** null when the exit code is not known (killed by a signal). */
  exitCode: number | null;
  signal?: string | null;
}

/** What a wait watches besides the endpoint: a container or a process. */
export interface WaitTarget {
  /** How messages name it, with its id: `container 0123456789ab`, `process 4242`. */
  readonly description: string;
  /**
   * Settles once the target has exited (at once when it already has); undefined when
   * `signal` aborted the watch first. Never rejects.
   */
  exited(signal: AbortSignal): Promise<ExitStatus | undefined>;
  /** Its last log lines (stdout and stderr), for failure messages. */
  lastLogLines(count: number): Promise<string>;
}

/** The status an endpoint answered with, 0 when it did not answer (refused, timed out). */
export type StatusProbe = (url: string, timeoutMs: number) => Promise<number>;

export const fetchStatus: StatusProbe = async (url, timeoutMs) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    // The body is not needed; cancelling it frees the connection.
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
};

export interface WaitResult {
  elapsedMs: number;
  attempts: number;
}

/** The target exited before the endpoint was ready. */
export class TargetExitedError extends Error {
  constructor(
    readonly target: string,
    readonly exit: ExitStatus,
    readonly logs: string,
    message: string,
  ) {
    super(message);
    this.name = 'TargetExitedError';
  }
}

/** The deadline passed with the target still running but the endpoint not ready. */
export class HealthDeadlineError extends Error {
  constructor(
    readonly target: string,
    readonly logs: string,
    message: string,
  ) {
    super(message);
    this.name = 'HealthDeadlineError';
  }
}

const EXITED: unique symbol = Symbol('exited');

export class HttpHealthWait {
  private statusCode = 200;
  private deadlineMs = 120_000;
  private intervalMs = 100;
  private requestTimeoutMs = 2_000;
  private logLines = 40;
  private probe: StatusProbe = fetchStatus;

  /** `url`: the full URL to poll, e.g. http://127.0.0.1:9090/health. */
  constructor(readonly url: string) {}

  forStatusCode(code: number): this {
    this.statusCode = code;
    return this;
  }

  withDeadline(ms: number): this {
    this.deadlineMs = ms;
    return this;
  }

  withPollInterval(ms: number): this {
    this.intervalMs = ms;
    return this;
  }

  withRequestTimeout(ms: number): this {
    this.requestTimeoutMs = ms;
    return this;
  }

  /** How many of the target's last log lines a failure message quotes. */
  withLogLines(count: number): this {
    this.logLines = count;
    return this;
  }

  /** Replaces the HTTP request (tests answer from a script instead of a socket). */
  withProbe(probe: StatusProbe): this {
    this.probe = probe;
    return this;
  }

  async waitUntilReady(target: WaitTarget): Promise<WaitResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const watch = new AbortController();
    const exited = target.exited(watch.signal).then((status) => status ?? { exitCode: null });
    const exitedMarker: Promise<typeof EXITED> = exited.then(() => EXITED);
    let last = 'no answer yet';
    let attempts = 0;
    try {
      for (;;) {
        attempts += 1;
        const answer = await Promise.race([
          this.probe(this.url, Math.min(this.requestTimeoutMs, Math.max(1, this.deadlineMs - elapsed()))),
          exitedMarker,
        ]);
        if (answer === EXITED) throw await this.exitedError(target, await exited, last, elapsed());
        if (answer === this.statusCode) return { elapsedMs: elapsed(), attempts };
        last = answer === 0 ? 'no answer' : `HTTP ${answer}`;
        const remaining = this.deadlineMs - elapsed();
        if (remaining <= 0) throw await this.deadlineError(target, last, attempts);
        const rested = await Promise.race([sleep(Math.min(this.intervalMs, remaining)), exitedMarker]);
        if (rested === EXITED) throw await this.exitedError(target, await exited, last, elapsed());
      }
    } finally {
      watch.abort();
    }
  }

  private async exitedError(
    target: WaitTarget,
    exit: ExitStatus,
    last: string,
    elapsedMs: number,
  ): Promise<TargetExitedError> {
    const logs = await this.logsOf(target);
    const how =
      exit.exitCode !== null
        ? `code ${exit.exitCode}`
        : exit.signal
          ? `signal ${exit.signal}`
          : 'code unknown';
    return new TargetExitedError(
      target.description,
      exit,
      logs,
      `${target.description} exited (${how}) after ${elapsedMs} ms, before GET ${this.url} answered ` +
        `${this.statusCode} (last: ${last}); its last log lines:\n${logs}`,
    );
  }

  private async deadlineError(
    target: WaitTarget,
    last: string,
    attempts: number,
  ): Promise<HealthDeadlineError> {
    const logs = await this.logsOf(target);
    return new HealthDeadlineError(
      target.description,
      logs,
      `GET ${this.url} did not answer ${this.statusCode} within ${this.deadlineMs} ms ` +
        `(${attempts} attempts, last: ${last}); ${target.description} is still running; its last log lines:\n${logs}`,
    );
  }

  private async logsOf(target: WaitTarget): Promise<string> {
    try {
      const text = (await target.lastLogLines(this.logLines)).trimEnd();
      return text === '' ? '(no log output)' : text;
    } catch (error) {
      return `(logs unavailable: ${(error as Error).message})`;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last `count` lines of a text (the partial line after the last newline counts). */
export function lastLines(text: string, count: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(Math.max(0, lines.length - count)).join('\n');
}
