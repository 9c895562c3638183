// Ctrl-C (SIGINT) or a CI cancel (SIGTERM) during a run must not leave a container or a
// daemon behind. While something is alive, one handler per signal runs every registered
// cleanup, then lets the signal do what it would have done (exit 130/143) unless another
// part of the program listens for it too.
//
// A terminal's Ctrl-C reaches every process of the foreground group, and npm relays it to its
// child as well: the suite sees one keypress as two or more SIGINTs a few milliseconds apart.
// Repeats within ECHO_WINDOW_MS of the first are that same keypress; only a later one (a
// deliberate second Ctrl-C) exits without finishing teardown.

/** Gets the signal that triggered it. */
type Cleanup = (signal: NodeJS.Signals) => Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const CLEANUP_TIMEOUT_MS = 20_000;
/** Relays deliver within milliseconds; a person pressing Ctrl-C again takes longer than this. */
export const ECHO_WINDOW_MS = 1_500;
const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

export interface SignalTeardownOptions {
  /** A monotonic clock in milliseconds. */
  now: () => number;
  /** Called with true when the first cleanup is registered, false when none is left. */
  listen: (on: boolean) => void;
  /** After teardown, when nobody else listens: the signal's default action. */
  raise: (signal: NodeJS.Signals) => void;
  /** A deliberate second signal: leave now. */
  exit: (code: number) => void;
  othersListen: (signal: NodeJS.Signals) => boolean;
  write: (line: string) => void;
  echoWindowMs?: number;
  cleanupTimeoutMs?: number;
}

/** The registry and the signal rule, apart from the process so tests can drive it with a clock. */
export class SignalTeardown {
  private readonly live = new Map<symbol, { what: string; cleanup: Cleanup }>();
  /** When the running teardown began (its first signal); undefined when none runs. */
  private firstSignalAt: number | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: SignalTeardownOptions) {}

  register(what: string, cleanup: Cleanup): () => void {
    const key = Symbol(what);
    this.live.set(key, { what, cleanup });
    this.options.listen(true);
    return () => {
      this.live.delete(key);
      if (this.live.size === 0 && this.firstSignalAt === undefined) this.options.listen(false);
    };
  }

  get pending(): number {
    return this.live.size;
  }

  /** Handles one delivered signal; the promise settles when its teardown is over. */
  handle(signal: NodeJS.Signals): Promise<void> {
    const { now, write } = this.options;
    if (this.firstSignalAt !== undefined) {
      // The same Ctrl-C through another relay: the teardown under way already answers it.
      if (now() - this.firstSignalAt < (this.options.echoWindowMs ?? ECHO_WINDOW_MS)) return this.running;
      write(
        `runevault-e2e: ${signal} again; exiting without finishing teardown (leftovers carry the io.runevault.ci.run label)\n`,
      );
      this.options.exit(128 + (SIGNAL_NUMBERS[signal] ?? 2));
      return this.running;
    }
    this.firstSignalAt = now();
    write(`runevault-e2e: ${signal}: tearing down (press Ctrl-C again to exit at once)\n`);
    const entries = [...this.live.values()];
    this.live.clear();
    const all = Promise.allSettled(
      entries.map(async ({ what, cleanup }) => {
        await cleanup(signal);
        write(`runevault-e2e: ${signal}: stopped ${what}\n`);
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(resolve, this.options.cleanupTimeoutMs ?? CLEANUP_TIMEOUT_MS);
      timer.unref();
    });
    this.running = Promise.race([all, timeout]).then(() => {
      clearTimeout(timer);
      this.firstSignalAt = undefined;
      this.options.listen(this.live.size > 0);
      // Nobody else listens: the default action (terminate with 128+n) is what the user asked for.
      if (!this.options.othersListen(signal)) this.options.raise(signal);
    });
    return this.running;
  }
}

function onSignal(signal: NodeJS.Signals): void {
  void processTeardown.handle(signal);
}

const processTeardown = new SignalTeardown({
  now: () => performance.now(),
  listen: (on) => {
    for (const signal of SIGNALS) {
      const installed = process.listeners(signal).includes(onSignal);
      if (on && !installed) process.on(signal, onSignal);
      if (!on && installed) process.off(signal, onSignal);
    }
  },
  raise: (signal) => process.kill(process.pid, signal),
  exit: (code) => process.exit(code),
  othersListen: (signal) => process.listenerCount(signal) > 0,
  write: (line) => process.stderr.write(line),
});

/**
 * Runs `cleanup` if SIGINT/SIGTERM arrives while registered. Returns the function that
 * unregisters it (call it once the resource is gone, or to keep it past this process).
 */
export function teardownOnSignal(what: string, cleanup: Cleanup): () => void {
  return processTeardown.register(what, cleanup);
}

/** How many cleanups are registered (tests check that stop() unregisters). */
export function pendingSignalTeardowns(): number {
  return processTeardown.pending;
}
