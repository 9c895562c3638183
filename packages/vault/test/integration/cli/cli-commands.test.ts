import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import {
  type DaemonProcess,
  makeVaultHome,
  runCliProcess,
  startDaemonProcess,
  terminate,
  type VaultHome,
} from '../../support/daemon-harness.js';

// Every admin command's stdout, stderr and exit code, against a real daemon process. Most
// calls go through runCli in this process (fast); a few run the real binary end to end.

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', home.config, ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let home: VaultHome;
let daemon: DaemonProcess;
beforeAll(async () => {
  home = await makeVaultHome();
  daemon = await startDaemonProcess(home);
});
afterAll(async () => {
  if (daemon) await terminate(daemon);
  home?.remove();
});

describe('token commands', () => {
  it('token issue prints the upstream block and exits 0', async () => {
    const r = await cli('token', 'issue', '--user', 'alice', '--role', 'member', '--expires', '2w');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe("Token issued for 'alice':");
    expect(lines[2]).toBe('  Role:    member');
    expect(lines[3]).toMatch(/^ {2}Expires: \d{4}-\d{2}-\d{2}$/);
    expect(lines[5]).toMatch(/^ {2}Token: evt_[0-9a-f]{32}$/);
    expect(lines[7]).toBe('  WARNING: This token will NOT be shown again. Share it securely.');
  });

  it('token issue --json prints the admin reply', async () => {
    const r = await cli('token', 'issue', '--user', 'bob', '--role', 'admin', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      user: 'bob',
      role: 'admin',
      token: expect.stringMatching(/^evt_/),
    });
  });

  it('token issue for a user who has one → Error: …, exit 1', async () => {
    const r = await cli('token', 'issue', '--user', 'alice', '--role', 'member');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/^Error: .*alice.*/);
  });

  it('a bad --expires is refused with the upstream text before any request', async () => {
    const r = await cli('token', 'issue', '--user', 'carol', '--role', 'member', '--expires', '9x');
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: "Error: Invalid duration '9x'. Use <number><d|w|m> (e.g. 90d, 12w, 6m)",
    });
  });

  it('a missing required flag is a usage error, exit 2', async () => {
    const r = await cli('token', 'issue', '--user', 'carol');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('runevault token issue: error: the following arguments are required: --role');
  });

  it('token list prints the table without token values', async () => {
    const r = await cli('token', 'list');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.split('\n');
    expect(header).toBe('USER             ROLE        TOP_K       RATE  EXPIRES     ');
    expect(rows.map((row) => row.split(/\s+/)[0]).sort()).toEqual(['alice', 'bob']);
    expect(r.stdout).not.toContain('evt_');
    const json = JSON.parse((await cli('token', 'list', '--json')).stdout);
    expect(json.tokens).toHaveLength(2);
  });

  it('token rotate --user prints a new token; --all rotates every one', async () => {
    const one = await cli('token', 'rotate', '--user', 'alice');
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n')[1]).toBe("Token rotated for 'alice':");
    const all = await cli('token', 'rotate', '--all');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Rotated 2 token\(s\):\n\n {2}(alice|bob): evt_[0-9a-f]{32}\n/);
    const neither = await cli('token', 'rotate');
    expect(neither.code).toBe(2);
  });

  it('token revoke prints the message; an unknown user → Error, exit 1', async () => {
    expect(await cli('token', 'revoke', '--user', 'bob')).toEqual({
      code: 0,
      stdout: "Revoked token for 'bob'",
      stderr: '',
    });
    const again = await cli('token', 'revoke', '--user', 'bob');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Error: /);
  });
});

describe('role commands', () => {
  it('role create / list / update / delete', async () => {
    expect(
      await cli(
        'role',
        'create',
        '--name',
        'researcher',
        '--scope',
        'get_public_key, decrypt_scores',
        '--top-k',
        '3',
        '--rate-limit',
        '10/60s',
      ),
    ).toEqual({ code: 0, stdout: "Role 'researcher' created.", stderr: '' });
    const list = await cli('role', 'list');
    expect(list.stdout.split('\n')[0]).toBe(`${'ROLE'.padEnd(12)} ${'SCOPE'.padEnd(50)}  TOP_K       RATE`);
    expect(list.stdout).toContain(
      `${'researcher'.padEnd(12)} ${'get_public_key,decrypt_scores'.padEnd(50)}      3     10/60s`,
    );
    expect((await cli('role', 'update', '--name', 'researcher', '--top-k', '8')).stdout).toBe(
      "Role 'researcher' updated. Changes take effect immediately for all tokens with this role.",
    );
    expect(await cli('role', 'update', '--name', 'researcher')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: No fields to update.',
    });
    expect(await cli('role', 'delete', '--name', 'researcher')).toEqual({
      code: 0,
      stdout: "Role 'researcher' deleted.",
      stderr: '',
    });
  });

  it('deleting a default role → Error, exit 1; a non-integer --top-k → usage error, exit 2', async () => {
    const r = await cli('role', 'delete', '--name', 'admin');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*admin/);
    const bad = await cli(
      'role',
      'create',
      '--name',
      'x',
      '--scope',
      'get_public_key',
      '--top-k',
      'many',
      '--rate-limit',
      '1/1s',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument --top-k: invalid int value: 'many'");
  });
});

describe('status, keys, version', () => {
  it('status reports running, serving and the socket, exit 0', async () => {
    const r = await cli('status');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `Vault:        running (PID ${daemon.child.pid})`,
        'Health:       serving',
        `Admin socket: ${home.adminSocket} (responding)`,
      ].join('\n'),
    );
    expect(JSON.parse((await cli('status', '--json')).stdout)).toMatchObject({
      running: true,
      healthy: true,
    });
  });

  it('keys generate keeps existing keys unless --force', async () => {
    const r = await cli('keys', 'generate');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^FHE keys already exist in .*vault-key; use --force to replace them\.$/);
  });

  it('the real binary: version with no config, token list end to end, exit codes', async () => {
    const version = await runCliProcess(['version']);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^runevault \d+\.\d+\.\d+\n$/) });
    const list = await runCliProcess(['--config', home.config, 'token', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toContain('USER');
    const unknown = await runCliProcess(['--config', home.config, 'frobnicate']);
    expect(unknown.code).toBe(2);
  });
});

describe('without a daemon or a config', () => {
  it('admin commands say the socket is unreachable in one line, exit 1', async () => {
    const r = await runCli(['--admin-socket', `${home.dir}/nope.sock`, 'token', 'list'], {
      out: () => {},
      err: (t) => expect(t).toBe('Error: Cannot connect to admin server. Is Vault running?'),
    });
    expect(r).toBe(1);
  });

  it('with no --config and no config anywhere, the error names every path searched', async () => {
    const r = await runCliProcess(['token', 'list'], { cwd: home.dir });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `Error: config not found; searched /opt/rune-vault/configs/runevault.conf, ${home.dir}/runevault.conf (use --config PATH)`,
    );
  });

  it('a missing --config file is named', async () => {
    const err: string[] = [];
    const code = await runCli(['--config', `${home.dir}/missing.conf`, 'token', 'list'], {
      out: () => {},
      err: (t) => err.push(t),
    });
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`${home.dir}/missing.conf`);
  });
});
