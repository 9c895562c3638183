import { type Command, InvalidArgumentError } from 'commander';
import { roleNameProblem } from '../../tokens/names.js';
import type { GlobalOptions } from '../admin-target.js';
import { callAdmin } from '../call-admin.js';
import { CliError } from '../cli-error.js';
import { formatRoleList, roleCreated, roleDeleted, roleUpdated } from '../output.js';
import type { CliIo } from '../program.js';

// argparse's `type=int`: the same refusal text, exit code 2 through commander.
function parseIntArg(value: string): number {
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`invalid int value: '${value}'`);
  return Number(value);
}

const splitScope = (scope: string) => scope.split(',').map((s) => s.trim());

export function registerRoleCommands(program: Command, globals: () => GlobalOptions, io: CliIo) {
  const role = program.command('role').description('Manage roles');

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

  role
    .command('create')
    .description('Create a new role')
    .requiredOption('--name <name>', 'Role name')
    .requiredOption('--scope <scope>', 'Comma-separated scope list')
    .requiredOption('--top-k <n>', 'Max top_k', parseIntArg)
    .requiredOption('--rate-limit <limit>', 'Rate limit (e.g. 30/60s)')
    .action(async (opts: { name: string; scope: string; topK: number; rateLimit: string }) => {
      refuseRoleName(opts.name);
      await callAdmin(globals(), 'POST', '/roles', {
        name: opts.name,
        scope: splitScope(opts.scope),
        top_k: opts.topK,
        rate_limit: opts.rateLimit,
      });
      io.out(roleCreated(opts.name));
    });

  role
    .command('update')
    .description('Update a role')
    .requiredOption('--name <name>', 'Role name')
    .option('--scope <scope>', 'Comma-separated scope list')
    .option('--top-k <n>', 'Max top_k', parseIntArg)
    .option('--rate-limit <limit>', 'Rate limit (e.g. 30/60s)')
    .action(async (opts: { name: string; scope?: string; topK?: number; rateLimit?: string }) => {
      refuseRoleName(opts.name);
      const body: Record<string, unknown> = {};
      if (opts.scope !== undefined) body.scope = splitScope(opts.scope);
      if (opts.topK !== undefined) body.top_k = opts.topK;
      if (opts.rateLimit !== undefined) body.rate_limit = opts.rateLimit;
      if (Object.keys(body).length === 0) throw new CliError('No fields to update.');
      await callAdmin(globals(), 'PUT', `/roles/${encodeURIComponent(opts.name)}`, body);
      io.out(roleUpdated(opts.name));
    });

  role
    .command('delete')
    .description('Delete a role')
    .requiredOption('--name <name>', 'Role name')
    .action(async (opts: { name: string }) => {
      refuseRoleName(opts.name);
      await callAdmin(globals(), 'DELETE', `/roles/${encodeURIComponent(opts.name)}`);
      io.out(roleDeleted(opts.name));
    });
}

// The daemon applies the same rule (names.ts); checking first also answers without a daemon.
function refuseRoleName(name: string): void {
  const problem = roleNameProblem(name);
  if (problem !== undefined) throw new CliError(problem);
}
