// How drivers ask a vault's admin API for tokens and roles: through `runevault` inside the
// container (docker, address with a container), through a command line the caller gives
// (address: `docker exec ctr runevault`, `ssh host runevault`), or over the admin socket on
// this host (process, address).
import { execFile } from 'node:child_process';
import { adminRequest } from '@runevault/vault/admin';
import type { RoleSpec } from '../vault-under-test.js';

export function tokenIssueArgs(user: string, role: string): string[] {
  return ['token', 'issue', '--user', user, '--role', role, '--json'];
}

export function roleCreateArgs(role: RoleSpec): string[] {
  return [
    'role',
    'create',
    '--name',
    role.name,
    '--scope',
    role.scope.join(','),
    '--top-k',
    String(role.topK),
    '--rate-limit',
    role.rateLimit,
  ];
}

/** The token out of `runevault token issue --json` output. */
export function parseIssuedToken(stdout: string): string {
  let token: unknown;
  try {
    token = (JSON.parse(stdout) as { token?: unknown }).token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    // The output is the CLI's own text; a CLI without --json may still have printed a token
    // in prose, so anything token-shaped is blanked.
    throw new Error(
      `runevault token issue --json printed no token: ${redactTokens(stdout.trim().slice(0, 200)) || '(nothing)'}`,
    );
  }
  return token;
}

/** Runs `runevault <args>` with the vault's admin rights; rejects on a non-zero exit. */
export type AdminCli = (args: string[]) => Promise<{ stdout: string }>;

export async function issueTokenViaCli(cli: AdminCli, user: string, role: string): Promise<string> {
  return parseIssuedToken((await cli(tokenIssueArgs(user, role))).stdout);
}

export async function createRoleViaCli(cli: AdminCli, role: RoleSpec): Promise<void> {
  await cli(roleCreateArgs(role));
}

/** Blanks issued-token-shaped words (evt_ + 32 hex) in text that is about to be shown. */
function redactTokens(text: string): string {
  return text.replace(/evt_[0-9a-fA-F]{32}/g, 'evt_<redacted>');
}

/** How long one admin or log command may run before it is killed. */
const COMMAND_TIMEOUT_MS = 30_000;
const COMMAND_OUTPUT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Runs `command` (a shell command line, e.g. `ssh vault-host sudo runevault`) with `args`
 * appended as separate words: they reach the command as "$@", so no argument is re-parsed
 * by the local shell. Resolves with stdout and stderr; rejects on a non-zero exit, naming the
 * command and the last lines of its stderr (token-shaped words blanked).
 */
export function runShellCommand(
  command: string,
  args: readonly string[] = [],
  timeoutMs = COMMAND_TIMEOUT_MS,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', `${command} "$@"`, 'vault-e2e', ...args],
      { timeout: timeoutMs, maxBuffer: COMMAND_OUTPUT_MAX_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const shown = `\`${command}${args.length > 0 ? ` ${args.join(' ')}` : ''}\``;
        const how =
          error.killed && error.signal
            ? `was killed after ${timeoutMs / 1000} s`
            : typeof error.code === 'number'
              ? `exited with code ${error.code}`
              : `could not run (${error.message})`;
        const tail = redactTokens(stderr.trim().split('\n').slice(-5).join(' | ').slice(0, 500));
        reject(new Error(`${shown} ${how}${tail ? `: ${tail}` : ''}`));
      },
    );
  });
}

/** An AdminCli over a command line that runs the vault's `runevault` with admin rights. */
export function commandLineCli(command: string): AdminCli {
  return (args) => runShellCommand(command, args);
}

export async function issueTokenViaSocket(socket: string, user: string, role: string): Promise<string> {
  const reply = await adminRequest(socket, 'POST', '/tokens', { user, role });
  const token = (reply.body as { token?: unknown } | undefined)?.token;
  if (reply.status !== 201 || typeof token !== 'string') {
    throw new Error(
      `admin socket ${socket}: POST /tokens for user '${user}' role '${role}' answered ${reply.status}: ${errorOf(reply.body)}`,
    );
  }
  return token;
}

export async function createRoleViaSocket(socket: string, role: RoleSpec): Promise<void> {
  const reply = await adminRequest(socket, 'POST', '/roles', {
    name: role.name,
    scope: role.scope,
    top_k: role.topK,
    rate_limit: role.rateLimit,
  });
  if (reply.status !== 201) {
    throw new Error(
      `admin socket ${socket}: POST /roles '${role.name}' answered ${reply.status}: ${errorOf(reply.body)}`,
    );
  }
}

function errorOf(body: unknown): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' ? error : JSON.stringify(body);
}
