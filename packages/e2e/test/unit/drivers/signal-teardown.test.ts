// The signal rule with a hand-moved clock: repeats of one Ctrl-C (the terminal's and npm's
// relay of it) never cut the teardown short; a second, deliberate one later does.
import { describe, expect, it } from 'vitest';
import { ECHO_WINDOW_MS, SignalTeardown } from '../../../src/drivers/signal-teardown.js';

function harness() {
  let clock = 0;
  const events: string[] = [];
  let finishCleanup: () => void = () => {};
  const cleanupDone = new Promise<void>((resolve) => {
    finishCleanup = resolve;
  });
  const teardown = new SignalTeardown({
    now: () => clock,
    listen: (on) => events.push(on ? 'listen' : 'unlisten'),
    raise: (signal) => events.push(`raise ${signal}`),
    exit: (code) => events.push(`exit ${code}`),
    othersListen: () => false,
    write: (line) => events.push(line.trim()),
    cleanupTimeoutMs: 60_000,
  });
  teardown.register('vault run r1', async (signal) => {
    events.push(`cleanup ${signal}`);
    await cleanupDone;
  });
  return {
    teardown,
    events,
    finishCleanup,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('SignalTeardown', () => {
  it('treats SIGINTs within the echo window as one Ctrl-C: teardown finishes, then the signal is raised', async () => {
    const { teardown, events, finishCleanup, advance } = harness();
    const first = teardown.handle('SIGINT');
    // The terminal's SIGINT and npm's relay of it, a few milliseconds apart.
    advance(3);
    void teardown.handle('SIGINT');
    advance(ECHO_WINDOW_MS - 10);
    void teardown.handle('SIGINT');
    expect(events.filter((e) => e.startsWith('exit'))).toEqual([]);
    expect(events.filter((e) => e.startsWith('cleanup'))).toEqual(['cleanup SIGINT']);
    finishCleanup();
    await first;
    expect(events).toContain('runevault-e2e: SIGINT: stopped vault run r1');
    expect(events.at(-1)).toBe('raise SIGINT');
    expect(events.filter((e) => e.startsWith('exit'))).toEqual([]);
  });

  it('exits at once on a second signal after the echo window, without waiting for teardown', () => {
    const { teardown, events, advance } = harness();
    void teardown.handle('SIGINT');
    advance(ECHO_WINDOW_MS + 1);
    void teardown.handle('SIGINT');
    expect(events).toContain('exit 130');
    expect(events.some((e) => /SIGINT again; exiting without finishing teardown/.test(e))).toBe(true);
  });

  it('a SIGTERM after the window exits with 143', () => {
    const { teardown, events, advance } = harness();
    void teardown.handle('SIGINT');
    advance(ECHO_WINDOW_MS * 2);
    void teardown.handle('SIGTERM');
    expect(events).toContain('exit 143');
  });

  it('listens while something is registered and stops listening once nothing is', () => {
    const events: string[] = [];
    const teardown = new SignalTeardown({
      now: () => 0,
      listen: (on) => events.push(on ? 'listen' : 'unlisten'),
      raise: () => {},
      exit: () => {},
      othersListen: () => false,
      write: () => {},
    });
    const first = teardown.register('a', async () => {});
    const second = teardown.register('b', async () => {});
    expect(teardown.pending).toBe(2);
    first();
    expect(events.at(-1)).toBe('listen');
    second();
    expect(teardown.pending).toBe(0);
    expect(events.at(-1)).toBe('unlisten');
  });
});
