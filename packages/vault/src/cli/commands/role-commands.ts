import type { Command } from 'commander';
import { roleNameProblem } from '../../tokens/names.js';
import type { GlobalOptions } from '../admin-target.js';
import { callAdmin } from '../call-admin.js';
import { CliError } from '../cli-error.js';
import { formatRoleList, roleCreated, roleDeleted, roleUpdated } from '../output.js';
import type { CliIo } from '../program.js';
import { argparseRules, requireSubcommand } from '../usage-error.js';

const splitScope = (scope: string) => scope.split(',').map((s) => s.trim());

export function registerRoleCommands(program: Command, globals: () => GlobalOptions, io: CliIo) {
  const role = program.command('role').description('Manage roles');
  requireSubcommand(role, 'action');

  // Flags, help texts and argparse rules: vault_admin_cli.py build_parser().
  role
    .command('list')
    .description('List all roles')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await callAdmin<{
        roles: { name: string; scope: string[]; top_k: number; rate_limit: string }[];
      }>(globals(), 'GET', '/roles');
      io.out(opts.json ? JSON.stringify(result) : formatRoleList(result.roles ?? []));
    });

  argparseRules(
    role
      .command('create')
      .description('Create a new role')
      .option('--name <NAME>', 'Role name')
      .option('--scope <SCOPE>', 'Comma-separated scope list')
      .option('--top-k <TOP_K>', 'Max top_k')
      .option('--rate-limit <RATE_LIMIT>', 'Rate limit (e.g. 30/60s)'),
    { required: ['--name', '--scope', '--top-k', '--rate-limit'], ints: ['--top-k'] },
  ).action(async (opts: { name: string; scope: string; topK: number; rateLimit: string }) => {
    refuseRoleName(opts.name);
    await callAdmin(globals(), 'POST', '/roles', {
      name: opts.name,
      scope: splitScope(opts.scope),
      top_k: opts.topK,
      rate_limit: opts.rateLimit,
    });
    io.out(roleCreated(opts.name));
  });

  argparseRules(
    role
      .command('update')
      .description('Update a role')
      .option('--name <NAME>', 'Role name')
      .option('--scope <SCOPE>', 'Comma-separated scope list')
      .option('--top-k <TOP_K>', 'Max top_k')
      .option('--rate-limit <RATE_LIMIT>', 'Rate limit (e.g. 30/60s)'),
    { required: ['--name'], ints: ['--top-k'] },
  ).action(async (opts: { name: string; scope?: string; topK?: number; rateLimit?: string }) => {
    const body: Record<string, unknown> = {};
    if (opts.scope !== undefined) body.scope = splitScope(opts.scope);
    if (opts.topK !== undefined) body.top_k = opts.topK;
    if (opts.rateLimit !== undefined) body.rate_limit = opts.rateLimit;
    // Upstream checks this before it sends anything.
    if (Object.keys(body).length === 0) throw new CliError('No fields to update.');
    refuseRoleName(opts.name);
    await callAdmin(globals(), 'PUT', `/roles/${encodeURIComponent(opts.name)}`, body);
    io.out(roleUpdated(opts.name));
  });

  argparseRules(role.command('delete').description('Delete a role').option('--name <NAME>', 'Role name'), {
    required: ['--name'],
  }).action(async (opts: { name: string }) => {
    refuseRoleName(opts.name);
    await callAdmin(globals(), 'DELETE', `/roles/${encodeURIComponent(opts.name)}`);
    io.out(roleDeleted(opts.name));
  });
}

// The daemon applies the same rule (names.ts); checking first also answers without a daemon.
// An empty name goes through: the server answers it in upstream's words.
function refuseRoleName(name: string): void {
  const problem = roleNameProblem(name);
  if (name !== '' && problem !== undefined) throw new CliError(problem);
}
