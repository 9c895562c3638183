import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_USAGE, CliUsageError, parseCliOptions } from '../../src/cli-options.js';

// --driver address with admin access and a log source: --admin-socket / --admin-command and
// --log-file / --log-command, each pair one choice.

const TOKEN = `evt_${'d'.repeat(32)}`;
const ENDPOINTS = ['--driver', 'address', '--grpc', '127.0.0.1:50051', '--http', 'http://127.0.0.1:9090'];

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseCliOptions(argv, env);
  } catch (error) {
    if (error instanceof CliUsageError) return error.message;
    throw error;
  }
  throw new Error('expected a CliUsageError');
}

let dir: string;
let socket: string;
let server: Server;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-cli-admin-'));
  socket = join(dir, 'admin.sock');
  server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  writeFileSync(join(dir, 'vault.log'), '');
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('--driver address admin access and log source', () => {
  it('takes an admin socket instead of a token, and a log command', () => {
    const options = parseCliOptions(
      [...ENDPOINTS, '--admin-socket', socket, '--log-command', 'cat x.log'],
      {},
    );
    expect(options.address).toEqual({
      grpcAddress: '127.0.0.1:50051',
      httpUrl: 'http://127.0.0.1:9090',
      adminSocket: socket,
      logCommand: 'cat x.log',
    });
  });

  it('takes an admin command line as given, with a token and a log file', () => {
    const log = join(dir, 'vault.log');
    const command = "ssh vault-host 'sudo runevault'";
    const options = parseCliOptions(
      [...ENDPOINTS, '--token-env', 'VT', '--admin-command', command, '--log-file', log],
      { VT: TOKEN },
    );
    expect(options.address).toMatchObject({
      token: TOKEN,
      tokenEnv: 'VT',
      adminCommand: command,
      logFile: log,
    });
  });

  it('refuses both ways of giving the same thing, naming the two flags', () => {
    expect(usageError([...ENDPOINTS, '--admin-socket', socket, '--admin-command', 'runevault'])).toBe(
      '--admin-socket and --admin-command are two ways to give the same thing; pass one of them',
    );
    expect(
      usageError([
        ...ENDPOINTS,
        '--admin-socket',
        socket,
        '--log-file',
        join(dir, 'vault.log'),
        '--log-command',
        'cat',
      ]),
    ).toBe('--log-file and --log-command are two ways to give the same thing; pass one of them');
  });

  it('says what a wrong socket or an empty command line is, escaping the value', () => {
    expect(usageError([...ENDPOINTS, '--admin-socket', join(dir, 'none\n.sock')])).toBe(
      `--admin-socket: no such socket ${JSON.stringify(join(dir, 'none\n.sock'))}; give the admin socket of the running vault (server.admin.socket in its config)`,
    );
    expect(usageError([...ENDPOINTS, '--admin-socket', join(dir, 'vault.log')])).toMatch(
      /^--admin-socket: ".*vault\.log" is not a Unix socket; /,
    );
    expect(usageError([...ENDPOINTS, '--admin-command', '  '])).toBe(
      "--admin-command: needs a command line (e.g. 'docker exec CONTAINER runevault')",
    );
    expect(usageError([...ENDPOINTS, '--admin-socket', socket, '--log-command', ''])).toMatch(
      /^--log-command: needs a command line/,
    );
  });

  it('still needs a token when there is no admin access', () => {
    expect(usageError([...ENDPOINTS, '--log-command', 'cat x'])).toMatch(
      /^--driver address needs --token-env \(or --admin-socket \/ --admin-command to issue a token\)/,
    );
  });

  it('keeps the new flags to --driver address', () => {
    expect(usageError(['--driver', 'process', '--admin-command', 'runevault', '--log-command', 'cat'])).toBe(
      '--admin-command, --log-command apply only to --driver address (got --driver process)',
    );
  });

  it('documents every address flag in --help', () => {
    for (const flag of [
      '--admin-socket PATH',
      "--admin-command 'CMD'",
      '--log-file PATH',
      "--log-command 'CMD'",
    ]) {
      expect(CLI_USAGE).toContain(flag);
    }
  });
});
