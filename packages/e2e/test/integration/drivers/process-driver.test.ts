// The process driver (runevault daemon start as a child process) and the address driver
// pointed at one of its vaults: start → /health → tokens and roles over the admin socket →
// audit lines in the log → stop with nothing left; a daemon that dies at start; Ctrl-C.
import { existsSync } from 'node:fs';
import { createVaultClient } from '@runevault/vault/client';
import { freePort } from '@runevault/vault/free-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAddressVault, NO_ADMIN_SOCKET, NO_LOG_SOURCE } from '../../../src/drivers/address-driver.js';
import { type ProcessVault, startProcessVault } from '../../../src/drivers/process-driver.js';
import { pendingSignalTeardowns } from '../../../src/drivers/signal-teardown.js';
import { HealthDeadlineError, TargetExitedError } from '../../../src/drivers/wait/http-health-wait.js';
import { startChildRun } from './fixtures/child-run.js';

async function keyIdFor(vault: { grpcAddress: string; tlsRootCert?: Buffer }, token: string) {
  const client = createVaultClient(vault.grpcAddress, {
    deadlineMs: 20_000,
    ...(vault.tlsRootCert ? { rootCert: vault.tlsRootCert } : {}),
  });
  try {
    return (await client.getPublicKeyBundle(token)).key_id;
  } finally {
    client.close();
  }
}

function auditUsers(logs: string): string[] {
  return logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { user_id: string }).user_id);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('process driver', () => {
  it('starts healthy, issues tokens and roles over the admin socket, logs audit lines, and stops leaving nothing', async () => {
    const vault = await startProcessVault();
    try {
      console.log(`process driver (${vault.cli}): ${JSON.stringify(vault.timings)}`);
      expect(vault.driver).toBe('process');
      expect(vault.grpcAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect((await fetch(`${vault.httpUrl}/health`)).status).toBe(200);
      expect(vault.token).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(await keyIdFor(vault, vault.token)).toBe('vault-key');

      await vault.createRole({ name: 'e2e-limited', scope: ['get_public_key'], topK: 3, rateLimit: '5/60s' });
      const limited = await vault.issueToken('e2e-limited-user', 'e2e-limited');
      expect(await keyIdFor(vault, limited)).toBe('vault-key');
      await expect(vault.issueToken('nobody', 'no-such-role')).rejects.toThrow(
        /POST \/tokens .* answered 4\d\d/,
      );
      await expect(
        vault.createRole({ name: 'e2e-limited', scope: ['get_public_key'], topK: 3, rateLimit: '5/60s' }),
      ).rejects.toThrow("POST /roles 'e2e-limited' answered 400: Role 'e2e-limited' already exists");

      expect(auditUsers(await vault.readLogs())).toEqual(
        expect.arrayContaining(['e2e-suite', 'e2e-limited-user']),
      );
      const secrets = await vault.knownSecrets();
      expect(secrets.teamSecret).toMatch(/^[0-9a-f]{64}$/);
      expect(secrets.secKeyFragments).toHaveLength(3);
    } finally {
      await vault.stop();
    }
    expect(isAlive(vault.pid)).toBe(false);
    expect(existsSync(vault.home.dir)).toBe(false);
    expect(pendingSignalTeardowns()).toBe(0);
    expect(await vault.readLogs()).toContain('daemon stopped');
    await vault.stop();
  });

  it('runs the CLI from its sources through tsx when asked', async () => {
    const vault = await startProcessVault({ cli: 'source' });
    try {
      console.log(`process driver (source): ${JSON.stringify(vault.timings)}`);
      expect(vault.cli).toBe('source');
      expect(await keyIdFor(vault, vault.token)).toBe('vault-key');
    } finally {
      await vault.stop();
    }
  });

  it('serves TLS with a self-signed certificate for 127.0.0.1 when asked', async () => {
    const vault = await startProcessVault({ tls: true });
    try {
      expect(vault.tlsRootCert?.toString()).toContain('BEGIN CERTIFICATE');
      expect(await keyIdFor(vault, vault.token)).toBe('vault-key');
      await expect(keyIdFor({ grpcAddress: vault.grpcAddress }, vault.token)).rejects.toThrow();
    } finally {
      await vault.stop();
    }
  });

  it('fails as soon as the daemon exits at start, with its output, and removes its folder', async () => {
    const error = await startProcessVault({ configOverrides: { bogus_key: true } }).catch((e: unknown) => e);
    // "As soon as": the exit is what ended the wait (a wait that ran to its deadline throws
    // HealthDeadlineError instead); how long it took is the machine's business, not asserted.
    expect(error).toBeInstanceOf(TargetExitedError);
    const message = (error as Error).message;
    expect(message).toMatch(/^process \d+ \((bundle|source) runevault daemon start\) exited \(code 1\)/);
    expect(message).toContain('bogus_key');
    expect(message).toContain('unknown key');
    expect(pendingSignalTeardowns()).toBe(0);
  });

  it('a SIGINT during a run stops the daemon and removes its folder before the run exits', async () => {
    const run = startChildRun(['process']);
    try {
      const ready = await run.ready;
      expect(isAlive(ready.pid as number)).toBe(true);
      run.child.kill('SIGINT');
      const exit = await run.exited;
      expect(exit.signal, run.output()).toBe('SIGINT');
      expect(isAlive(ready.pid as number)).toBe(false);
      expect(existsSync(ready.home)).toBe(false);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});

describe('address driver, against a process-driver vault', () => {
  let running: ProcessVault;
  beforeAll(async () => {
    running = await startProcessVault({ tokenUser: 'owner' });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('issues its token and roles through the admin socket and reads the log file', async () => {
    const vault = await connectAddressVault({
      grpcAddress: running.grpcAddress,
      httpUrl: `${running.httpUrl}/`,
      adminSocket: running.adminSocket,
      logs: { file: running.logFile },
      secrets: { teamSecretFile: running.home.teamSecretFile, secKeyFile: running.home.secKeyFile },
    });
    expect(vault.driver).toBe('address');
    expect(vault.httpUrl).toBe(running.httpUrl);
    expect(vault.token).not.toBe(running.token);
    expect(await keyIdFor(vault, vault.token)).toBe('vault-key');
    await vault.createRole({ name: 'addr-role', scope: ['get_public_key'], topK: 2, rateLimit: '5/60s' });
    expect(await keyIdFor(vault, await vault.issueToken('addr-user', 'addr-role'))).toBe('vault-key');
    expect(auditUsers(await vault.readLogs())).toEqual(expect.arrayContaining(['e2e-suite', 'addr-user']));
    expect((await vault.knownSecrets()).secKeyFragments).toHaveLength(3);

    await vault.stop();
    expect((await fetch(`${running.httpUrl}/health`)).status).toBe(200);
  });

  it('without an admin socket it uses the given token and says it cannot issue tokens', async () => {
    const vault = await connectAddressVault({
      grpcAddress: running.grpcAddress,
      httpUrl: running.httpUrl,
      token: running.token,
      logs: async () => 'from a function',
    });
    expect(await keyIdFor(vault, vault.token)).toBe('vault-key');
    await expect(vault.issueToken('x', 'member')).rejects.toThrow(NO_ADMIN_SOCKET);
    await expect(
      vault.createRole({ name: 'r', scope: ['get_public_key'], topK: 1, rateLimit: '1/60s' }),
    ).rejects.toThrow(NO_ADMIN_SOCKET);
    expect(await vault.readLogs()).toBe('from a function');
    expect(await vault.knownSecrets()).toEqual({ secKeyFragments: [] });
  });

  it('refuses to start without a token or a way to issue one, and says when there is no log source', async () => {
    await expect(
      connectAddressVault({ grpcAddress: running.grpcAddress, httpUrl: running.httpUrl }),
    ).rejects.toThrow(/needs a member token \(--token-env NAME\) or admin access to issue one/);
    const vault = await connectAddressVault({
      grpcAddress: running.grpcAddress,
      httpUrl: running.httpUrl,
      token: running.token,
    });
    await expect(vault.readLogs()).rejects.toThrow(NO_LOG_SOURCE);
  });

  it('fails after its deadline when nothing answers at the address', async () => {
    const port = await freePort();
    const error = await connectAddressVault({
      grpcAddress: `127.0.0.1:${port}`,
      httpUrl: `http://127.0.0.1:${port}`,
      token: 'evt_x',
      healthDeadlineMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthDeadlineError);
    expect((error as Error).message).toContain(
      `GET http://127.0.0.1:${port}/health did not answer 200 within 300 ms`,
    );
  });
});
