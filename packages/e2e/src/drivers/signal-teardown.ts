// Ctrl-C (SIGINT) or a CI cancel (SIGTERM) during a run must not leave a container or a
// daemon behind. While something is alive, one handler per signal runs every registered
// cleanup, then lets the signal do what it would have done (exit 130/143) unless another
// part of the program listens for it too. A second signal exits at once.

/** Gets the signal that triggered it. */
type Cleanup = (signal: NodeJS.Signals) => Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const CLEANUP_TIMEOUT_MS = 20_000;
const live = new Map<symbol, { what: string; cleanup: Cleanup }>();
let tearingDown = false;

function onSignal(signal: NodeJS.Signals): void {
  if (tearingDown) {
    process.stderr.write(
      `runevault-e2e: ${signal} again; exiting without finishing teardown (leftovers carry the io.runevault.ci.run label)\n`,
    );
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  }
  tearingDown = true;
  const entries = [...live.values()];
  live.clear();
  const all = Promise.allSettled(
    entries.map(async ({ what, cleanup }) => {
      await cleanup(signal);
      process.stderr.write(`runevault-e2e: ${signal}: stopped ${what}\n`);
    }),
  );
  const timeout = new Promise((resolve) => setTimeout(resolve, CLEANUP_TIMEOUT_MS).unref());
  void Promise.race([all, timeout]).then(() => {
    tearingDown = false;
    uninstall();
    // Nobody else listens: the default action (terminate with 128+n) is what the user asked for.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  for (const signal of SIGNALS)
    if (!process.listeners(signal).includes(onSignal)) process.on(signal, onSignal);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Runs `cleanup` if SIGINT/SIGTERM arrives while registered. Returns the function that
 * unregisters it (call it once the resource is gone, or to keep it past this process).
 */
export function teardownOnSignal(what: string, cleanup: Cleanup): () => void {
  const key = Symbol(what);
  live.set(key, { what, cleanup });
  install();
  return () => {
    live.delete(key);
    if (live.size === 0 && !tearingDown) uninstall();
  };
}

/** How many cleanups are registered (tests check that stop() unregisters). */
export function pendingSignalTeardowns(): number {
  return live.size;
}
