import { type Command, Option } from 'commander';
import { MAX_ANY_USER_NAME_LENGTH, roleNameProblem, userNameProblem } from '../../tokens/names.js';
import type { GlobalOptions } from '../admin-target.js';
import { callAdmin } from '../call-admin.js';
import { CliError } from '../cli-error.js';
import { parseExpiresDays } from '../expires.js';
import { formatIssuedToken, formatRotateAll, formatRotatedToken, formatTokenList } from '../output.js';
import type { CliIo } from '../program.js';

type Issued = { user: string; token: string; role: string; issued_at: string; expires: string };

export function registerTokenCommands(program: Command, globals: () => GlobalOptions, io: CliIo) {
  const token = program.command('token').description('Manage per-user tokens');
  const json = () => new Option('--json', 'print machine-readable JSON');

  token
    .command('issue')
    .description('Issue a new token')
    .requiredOption('--user <user>', 'Username')
    .requiredOption('--role <role>', 'Role name')
    .option('--expires <duration>', 'Duration until expiry (e.g. 90d, 12w, 6m)')
    .addOption(json())
    .action(async (opts: { user: string; role: string; expires?: string; json?: boolean }) => {
      refuseName(userNameProblem(opts.user) ?? roleNameProblem(opts.role));
      const body: Record<string, unknown> = { user: opts.user, role: opts.role };
      if (opts.expires !== undefined) body.expires_days = parseExpiresDays(opts.expires);
      const issued = await callAdmin<Issued>(globals(), 'POST', '/tokens', body);
      io.out(opts.json ? JSON.stringify(issued) : formatIssuedToken(issued));
    });

  token
    .command('revoke')
    .description("Revoke a user's token")
    .requiredOption('--user <user>', 'Username')
    .action(async (opts: { user: string }) => {
      refuseName(userNameProblem(opts.user, MAX_ANY_USER_NAME_LENGTH));
      const result = await callAdmin<{ message: string }>(
        globals(),
        'DELETE',
        `/tokens/${encodeURIComponent(opts.user)}`,
      );
      io.out(result.message);
    });

  token
    .command('rotate')
    .description('Rotate a token (revoke + reissue)')
    .addOption(new Option('--user <user>', 'Username to rotate').conflicts('all'))
    .addOption(new Option('--all', 'Rotate all tokens'))
    .addOption(json())
    .action(async (opts: { user?: string; all?: boolean; json?: boolean }, command: Command) => {
      if (!opts.user && !opts.all) command.error('error: one of the arguments --user --all is required');
      if (opts.all) {
        const result = await callAdmin<{
          rotated: number;
          tokens: { user: string; token: string; role: string }[];
        }>(globals(), 'POST', '/tokens/_rotate_all', {});
        io.out(opts.json ? JSON.stringify(result) : formatRotateAll(result));
        return;
      }
      refuseName(userNameProblem(opts.user, MAX_ANY_USER_NAME_LENGTH));
      const rotated = await callAdmin<Issued>(
        globals(),
        'POST',
        `/tokens/${encodeURIComponent(opts.user as string)}/rotate`,
        {},
      );
      io.out(opts.json ? JSON.stringify(rotated) : formatRotatedToken(rotated));
    });

  token
    .command('list')
    .description('List all tokens')
    .addOption(json())
    .action(async (opts: { json?: boolean }) => {
      const result = await callAdmin<{
        tokens: {
          user: string;
          role: string;
          top_k: number;
          rate_limit: string;
          expires: string;
          ephemeral?: boolean;
        }[];
      }>(globals(), 'GET', '/tokens');
      io.out(opts.json ? JSON.stringify(result) : formatTokenList(result.tokens ?? []));
    });
}

// The daemon applies the same rule; checking here first answers without a running daemon and
// keeps a name encodeURIComponent cannot encode (a lone surrogate) from ever reaching a URL.
function refuseName(problem: string | undefined): void {
  if (problem !== undefined) throw new CliError(problem);
}
