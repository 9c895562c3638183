import { type Command, Option } from 'commander';
import { MAX_ANY_USER_NAME_LENGTH, roleNameProblem, userNameProblem } from '../../tokens/names.js';
import type { GlobalOptions } from '../admin-target.js';
import { callAdmin } from '../call-admin.js';
import { CliError } from '../cli-error.js';
import { parseExpiresDays } from '../expires.js';
import {
  formatIssuedToken,
  formatRotateAll,
  formatRotatedToken,
  formatTokenList,
  type TokenListRow,
} from '../output.js';
import type { CliIo } from '../program.js';
import { argparseRules, requireSubcommand } from '../usage-error.js';

type Issued = { user: string; token: string; role: string; issued_at: string; expires: string };

export function registerTokenCommands(program: Command, globals: () => GlobalOptions, io: CliIo) {
  const token = program.command('token').description('Manage per-user tokens');
  requireSubcommand(token, 'action');
  const json = () => new Option('--json', 'print machine-readable JSON');

  // Flags, help texts and argparse rules: vault_admin_cli.py build_parser().
  argparseRules(
    token
      .command('issue')
      .description('Issue a new token')
      .option('--user <USER>', 'Username')
      .option('--role <ROLE>', 'Role name')
      .option('--expires <EXPIRES>', 'Duration until expiry (e.g. 90d, 12w, 6m)')
      .addOption(json()),
    { required: ['--user', '--role'] },
  ).action(async (opts: { user: string; role: string; expires?: string; json?: boolean }) => {
    // Upstream parses the duration before anything else reaches the server.
    const body: Record<string, unknown> = { user: opts.user, role: opts.role };
    if (opts.expires !== undefined) body.expires_days = parseExpiresDays(opts.expires);
    refuseName(opts.user, userNameProblem(opts.user));
    refuseName(opts.role, roleNameProblem(opts.role));
    const issued = await callAdmin<Issued>(globals(), 'POST', '/tokens', body);
    io.out(opts.json ? JSON.stringify(issued) : formatIssuedToken(issued));
  });

  argparseRules(
    token.command('revoke').description("Revoke a user's token").option('--user <USER>', 'Username'),
    { required: ['--user'] },
  ).action(async (opts: { user: string }) => {
    refuseName(opts.user, userNameProblem(opts.user, MAX_ANY_USER_NAME_LENGTH));
    const result = await callAdmin<{ message: string }>(
      globals(),
      'DELETE',
      `/tokens/${encodeURIComponent(opts.user)}`,
    );
    io.out(result.message);
  });

  argparseRules(
    token
      .command('rotate')
      .description('Rotate a token (revoke + reissue)')
      .option('--user <USER>', 'Username to rotate')
      .option('--all', 'Rotate all tokens')
      .addOption(json()),
    { oneOf: ['--user', '--all'] },
  ).action(async (opts: { user?: string; all?: boolean; json?: boolean }) => {
    if (opts.all) {
      const result = await callAdmin<{
        rotated: number;
        tokens: { user: string; token: string; role: string }[];
      }>(globals(), 'POST', '/tokens/_rotate_all', {});
      io.out(opts.json ? JSON.stringify(result) : formatRotateAll(result));
      return;
    }
    const user = opts.user as string;
    refuseName(user, userNameProblem(user, MAX_ANY_USER_NAME_LENGTH));
    const rotated = await callAdmin<Issued>(
      globals(),
      'POST',
      `/tokens/${encodeURIComponent(user)}/rotate`,
      {},
    );
    io.out(opts.json ? JSON.stringify(rotated) : formatRotatedToken(rotated));
  });

  token
    .command('list')
    .description('List all tokens')
    .addOption(json())
    .action(async (opts: { json?: boolean }) => {
      const result = await callAdmin<{ tokens: TokenListRow[] }>(globals(), 'GET', '/tokens');
      io.out(opts.json ? JSON.stringify(result) : formatTokenList(result.tokens ?? []));
    });
}

// The daemon applies the same rule; checking here first answers without a running daemon and
// keeps a name encodeURIComponent cannot encode (a lone surrogate) from ever reaching a URL.
// An empty name goes through: the server answers it in upstream's words.
function refuseName(value: string, problem: string | undefined): void {
  if (value !== '' && problem !== undefined) throw new CliError(problem);
}
