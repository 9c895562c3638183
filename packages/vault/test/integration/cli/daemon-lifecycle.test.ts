import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adminRequest } from '../../../src/admin/admin-client.js';
import {
  CLI_ENTRY,
  DAEMON_START_DEADLINE_MS,
  type DaemonProcess,
  makeVaultHome,
  runCliProcess,
  startDaemonProcess,
  TSX_ARGS,
  terminate,
  type VaultHome,
  waitForAdminHealth,
} from '../../support/daemon-harness.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const step of cleanups.splice(0).reverse()) await step();
});

// Every test runs up to two fresh `runevault` processes from source (a daemon, then the CLI
// that stops or restarts it): that many start budgets. One decrypt worker: nothing here
// decrypts, and each start loads SEAL once instead of twice.
const TWO_STARTS = { timeout: 2 * DAEMON_START_DEADLINE_MS };

async function home(): Promise<VaultHome> {
  const h = await makeVaultHome('decrypt: { workers: 1 }');
  cleanups.push(() => h.remove());
  return h;
}

async function daemonIn(h: VaultHome, extra: string[] = []): Promise<DaemonProcess> {
  const d = await startDaemonProcess(h, extra);
  cleanups.push(() => terminate(d));
  return d;
}

/** A PID that certainly belongs to no process any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid as number;
}

describe('PID file and single-instance lock', TWO_STARTS, () => {
  it('writes its own PID, and removes PID file and socket on SIGTERM with exit 0', async () => {
    const h = await home();
    const d = await daemonIn(h);
    expect(readFileSync(h.pidFile, 'utf8').trim()).toBe(String(d.child.pid));
    expect(statSync(h.adminSocket).mode & 0o777).toBe(0o600);
    expect(await terminate(d)).toBe(0);
    expect(existsSync(h.pidFile)).toBe(false);
    expect(existsSync(h.adminSocket)).toBe(false);
  });

  it('a second start on the same PID file fails with a conflict and leaves the file untouched', async () => {
    const h = await home();
    const first = await daemonIn(h);
    const before = { text: readFileSync(h.pidFile, 'utf8'), mtime: statSync(h.pidFile).mtimeMs };
    const second = await runCliProcess(['--config', h.config, 'daemon', 'start']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Error: another vault is already running (PID ${first.child.pid})`);
    expect(readFileSync(h.pidFile, 'utf8')).toBe(before.text);
    expect(statSync(h.pidFile).mtimeMs).toBe(before.mtime);
    expect((await adminRequest(h.adminSocket, 'GET', '/health')).status).toBe(200);
  });

  it('the lock is real: a PID file naming a live but unrelated process does not block a start', async () => {
    const h = await home();
    writeFileSync(h.pidFile, `${process.pid}\n`);
    const d = await daemonIn(h);
    expect(readFileSync(h.pidFile, 'utf8').trim()).toBe(String(d.child.pid));
    expect(d.output()).toContain(`names PID ${process.pid}, which holds no vault lock`);
  });

  it('a stale PID file (dead process) is replaced with a warning', async () => {
    const h = await home();
    const dead = await deadPid();
    writeFileSync(h.pidFile, `${dead}\n`);
    const d = await daemonIn(h);
    expect(readFileSync(h.pidFile, 'utf8').trim()).toBe(String(d.child.pid));
    expect(d.output()).toContain(`replacing stale PID file ${h.pidFile} (PID ${dead} is not running)`);
  });

  it('a stale admin socket left by a killed process is replaced', async () => {
    const h = await home();
    // A child listens on the socket path and is SIGKILLed, so nothing unlinks the socket.
    const holder = spawn(process.execPath, [
      '-e',
      `require('net').createServer().listen(${JSON.stringify(h.adminSocket)}, () => console.log('up'))`,
    ]);
    await new Promise((r) => holder.stdout?.once('data', r));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    expect(statSync(h.adminSocket).isSocket()).toBe(true);
    await expect(
      new Promise((_, reject) => net.connect(h.adminSocket).once('error', reject)),
    ).rejects.toThrow();
    const d = await daemonIn(h);
    expect((await adminRequest(h.adminSocket, 'GET', '/health')).status).toBe(200);
    expect(d.child.exitCode).toBeNull();
  });
});

describe('daemon stop and restart', TWO_STARTS, () => {
  it('daemon stop sends SIGTERM via the PID file and waits; the daemon exits 0', async () => {
    const h = await home();
    const d = await daemonIn(h);
    const r = await runCliProcess(['--config', h.config, 'daemon', 'stop']);
    expect(r).toMatchObject({ code: 0, stdout: `Vault stopped (PID ${d.child.pid}).\n` });
    expect(await d.exited).toBe(0);
    expect(existsSync(h.pidFile)).toBe(false);
  });

  it('daemon stop with nothing running → Error, exit 1', async () => {
    const h = await home();
    const r = await runCliProcess(['--config', h.config, 'daemon', 'stop']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: Vault is not running');
  });

  it('daemon stop --timeout is non-zero when the process is still alive at the deadline', async () => {
    const h = await home();
    const stubborn = spawn(process.execPath, [
      '-e',
      "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('up')",
    ]);
    cleanups.push(() => stubborn.kill('SIGKILL'));
    await new Promise((r) => stubborn.stdout?.once('data', r));
    writeFileSync(h.pidFile, `${stubborn.pid}\n`);
    const r = await runCliProcess(['--config', h.config, 'daemon', 'stop', '--timeout', '700ms']);
    expect(r.code).toBe(1);
    // The verdict names the deadline and the process is still there: no wall-time assertion.
    expect(r.stderr).toContain(`Error: Vault (PID ${stubborn.pid}) is still running after 700ms`);
    expect(stubborn.exitCode).toBeNull();
  });

  it('daemon restart stops the running vault and serves again as the new process', async () => {
    const h = await home();
    const first = await daemonIn(h);
    const restarted = spawn(
      process.execPath,
      [...TSX_ARGS, CLI_ENTRY, '--config', h.config, 'daemon', 'restart'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    restarted.stdout?.on('data', (d) => (output += d));
    restarted.stderr?.on('data', (d) => (output += d));
    const second: DaemonProcess = {
      child: restarted,
      output: () => output,
      exited: new Promise((r) => restarted.once('exit', (code) => r(code))),
    };
    cleanups.push(() => terminate(second));
    expect(await first.exited).toBe(0);
    await waitForAdminHealth(h.adminSocket, second);
    expect(readFileSync(h.pidFile, 'utf8').trim()).toBe(String(restarted.pid));
    expect(output).toContain(`Vault stopped (PID ${first.child.pid}).`);
  });
});
