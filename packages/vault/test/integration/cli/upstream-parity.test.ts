import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { addDays, utcDate } from '../../../src/tokens/expiry.js';
import {
  type DaemonProcess,
  makeVaultHome,
  runCliProcess,
  startDaemonProcess,
  terminate,
  type VaultHome,
} from '../../support/daemon-harness.js';

// `runevault` against a real daemon process must print what upstream's Python CLI printed:
// same stdout, stderr and exit code for every command of VAULT.md and its error paths.
// Every expected text is taken from CryptoLabInc/rune-admin, the last Python versions:
//   cli = vault/vault_admin_cli.py @ 53acb3d02694be3b404b7300ad631f19e3aad459 (cited cli:LINE)
//   srv = vault/admin_server.py    @ cfeac6da14ab5f29f02b35b12aeb5d980b0acc37 (cited srv:LINE)
//   ts  = vault/token_store.py     @ be6ba2e01695175ff07fa2c7e5d4d6ddc0ed9d44 (cited ts:function)
// The CLI prints a server refusal as `Error: {error}` and exits 1 (cli:35-36); argparse refuses
// a bad command line with `usage: …` and `<prog>: error: …` and exits 2 (cli:163-217 define it).
// Rows run in order against one daemon: each starts from the state the rows before it left.

interface Row {
  /** What the row checks, with its upstream source. */
  name: string;
  args: string[];
  code: number;
  stdout?: string;
  stderr?: string;
}

const WARNING = '  WARNING: This token will NOT be shown again. Share it securely.';
// Token values are random; the rows compare everything else byte for byte.
const TOKEN = 'evt_<32 hex>';
const block = (verb: 'issued' | 'rotated', user: string, role: string, expires: string) =>
  `\nToken ${verb} for '${user}':\n  Role:    ${role}\n  Expires: ${expires}\n\n  Token: ${TOKEN}\n\n${WARNING}`;
// cli:105 "{:<16} {:<10} {:>6} {:>10}  {:<12}"
const tokenRow = (u: string, r: string, k: string, rate: string, e: string) =>
  `${u.padEnd(16)} ${r.padEnd(10)} ${k.padStart(6)} ${rate.padStart(10)}  ${e.padEnd(12)}`;
// cli:122 "{:<12} {:<50} {:>6} {:>10}"
const roleRow = (n: string, s: string, k: string, rate: string) =>
  `${n.padEnd(12)} ${s.padEnd(50)} ${k.padStart(6)} ${rate.padStart(10)}`;
const usage = (line: string, prog: string, message: string) => `usage: ${line}\n${prog}: error: ${message}`;

const inTwoWeeks = () => addDays(utcDate(new Date()), 14);

const ROWS: Row[] = [
  // cli:100-102 an empty token table
  {
    name: 'token list, none issued (cli:102)',
    args: ['token', 'list'],
    code: 0,
    stdout: 'No tokens issued.',
  },
  // cli:66-70 the issue block; srv:139 `tok.expires or "never"`; ts:add_token expires=None without expires_days
  {
    name: 'token issue without --expires never expires (cli:66-70, srv:139, ts:add_token)',
    args: ['token', 'issue', '--user', 'alice', '--role', 'member'],
    code: 0,
    stdout: block('issued', 'alice', 'member', 'never'),
  },
  // cli:45-57 _parse_duration: 2w = 14 days
  {
    name: 'token issue --expires 2w (cli:45-57, cli:66-70)',
    args: ['token', 'issue', '--user', 'dave', '--role', 'admin', '--expires', '2w'],
    code: 0,
    stdout: block('issued', 'dave', 'admin', '<today+14>'),
  },
  // ts:add_token raise ValueError(f"Token already exists for user '{user}'")
  {
    name: 'token issue for a user with a token (ts:add_token, cli:35)',
    args: ['token', 'issue', '--user', 'alice', '--role', 'member'],
    code: 1,
    stderr: "Error: Token already exists for user 'alice'",
  },
  // ts:add_token raise ValueError(f"Role '{role}' does not exist")
  {
    name: 'token issue with an unknown role (ts:add_token, cli:35)',
    args: ['token', 'issue', '--user', 'bob', '--role', 'ghost'],
    code: 1,
    stderr: "Error: Role 'ghost' does not exist",
  },
  // cli:51
  {
    name: 'token issue with a bad --expires (cli:51)',
    args: ['token', 'issue', '--user', 'carol', '--role', 'member', '--expires', '9x'],
    code: 1,
    stderr: "Error: Invalid duration '9x'. Use <number><d|w|m> (e.g. 90d, 12w, 6m)",
  },
  // srv:128-129 `if not user or not role`
  {
    name: 'token issue with an empty user (srv:129)',
    args: ['token', 'issue', '--user', '', '--role', 'member'],
    code: 1,
    stderr: 'Error: Missing required fields: user, role',
  },
  // cli:105-110 the table; ts:list_tokens `tok.expires or "never"`
  {
    name: 'token list (cli:105-110, ts:list_tokens)',
    args: ['token', 'list'],
    code: 0,
    stdout: [
      tokenRow('USER', 'ROLE', 'TOP_K', 'RATE', 'EXPIRES'),
      tokenRow('alice', 'member', '10', '30/60s', 'never'),
      tokenRow('dave', 'admin', '50', '150/60s', '<today+14>'),
    ].join('\n'),
  },
  // cli:91-95
  {
    name: 'token rotate --user (cli:91-95)',
    args: ['token', 'rotate', '--user', 'alice'],
    code: 0,
    stdout: block('rotated', 'alice', 'member', 'never'),
  },
  // ts:rotate_token raise ValueError(f"No token found for user '{user}'") → 400 (srv:90)
  {
    name: 'token rotate for a user without a token (ts:rotate_token, srv:90)',
    args: ['token', 'rotate', '--user', 'nobody'],
    code: 1,
    stderr: "Error: No token found for user 'nobody'",
  },
  // cli:85-88
  {
    name: 'token rotate --all (cli:85-88)',
    args: ['token', 'rotate', '--all'],
    code: 0,
    stdout: `Rotated 2 token(s):\n\n  alice: ${TOKEN}\n  dave: ${TOKEN}\n\n  WARNING: These tokens will NOT be shown again. Share them securely.`,
  },
  // srv:147, cli:75
  {
    name: 'token revoke (srv:147, cli:75)',
    args: ['token', 'revoke', '--user', 'dave'],
    code: 0,
    stdout: "Revoked token for 'dave'",
  },
  // srv:149
  {
    name: 'token revoke for a user without a token (srv:149)',
    args: ['token', 'revoke', '--user', 'dave'],
    code: 1,
    stderr: "Error: No token found for user 'dave'",
  },
  // srv:77 strips the trailing slash, then srv:94 answers with the path as sent
  {
    name: 'token revoke with an empty user (srv:77, srv:94)',
    args: ['token', 'revoke', '--user', ''],
    code: 1,
    stderr: 'Error: No route for DELETE /tokens/',
  },
  // cli:122-126 with ts DEFAULT_ROLES
  {
    name: 'role list (cli:122-126, ts:DEFAULT_ROLES)',
    args: ['role', 'list'],
    code: 0,
    stdout: [
      roleRow('ROLE', 'SCOPE', 'TOP_K', 'RATE'),
      roleRow('admin', 'get_public_key,decrypt_scores,decrypt_metadata,manage_tokens', '50', '150/60s'),
      roleRow('member', 'get_public_key,decrypt_scores,decrypt_metadata', '10', '30/60s'),
    ].join('\n'),
  },
  // cli:138
  {
    name: 'role create (cli:129-138)',
    args: [
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
    ],
    code: 0,
    stdout: "Role 'researcher' created.",
  },
  // ts:add_role raise ValueError(f"Role '{name}' already exists")
  {
    name: 'role create of an existing role (ts:add_role)',
    args: [
      'role',
      'create',
      '--name',
      'researcher',
      '--scope',
      'get_public_key',
      '--top-k',
      '3',
      '--rate-limit',
      '10/60s',
    ],
    code: 1,
    stderr: "Error: Role 'researcher' already exists",
  },
  // ts:_validate_rate_limit
  {
    name: 'role create with a bad rate limit (ts:_validate_rate_limit)',
    args: [
      'role',
      'create',
      '--name',
      'fast',
      '--scope',
      'get_public_key',
      '--top-k',
      '3',
      '--rate-limit',
      'fast',
    ],
    code: 1,
    stderr: "Error: Invalid rate_limit format 'fast'. Expected '<max>/<window>s' (e.g. '30/60s')",
  },
  // srv:182-183 `if not all([name, scope, top_k is not None, rate_limit])`
  {
    name: 'role create with an empty name (srv:183)',
    args: [
      'role',
      'create',
      '--name',
      '',
      '--scope',
      'get_public_key',
      '--top-k',
      '3',
      '--rate-limit',
      '10/60s',
    ],
    code: 1,
    stderr: 'Error: Missing required fields: name, scope, top_k, rate_limit',
  },
  // cli:153
  {
    name: 'role update (cli:153)',
    args: ['role', 'update', '--name', 'researcher', '--top-k', '8'],
    code: 0,
    stdout: "Role 'researcher' updated. Changes take effect immediately for all tokens with this role.",
  },
  // cli:149-151
  {
    name: 'role update without fields (cli:150)',
    args: ['role', 'update', '--name', 'researcher'],
    code: 1,
    stderr: 'Error: No fields to update.',
  },
  // ts:update_role raise ValueError(f"Role '{name}' does not exist")
  {
    name: 'role update of an unknown role (ts:update_role)',
    args: ['role', 'update', '--name', 'ghost', '--top-k', '1'],
    code: 1,
    stderr: "Error: Role 'ghost' does not exist",
  },
  // ts:update_role validates rate_limit first (ts:_validate_rate_limit)
  {
    name: 'role update with a bad rate limit (ts:_validate_rate_limit)',
    args: ['role', 'update', '--name', 'researcher', '--rate-limit', '10'],
    code: 1,
    stderr: "Error: Invalid rate_limit format '10'. Expected '<max>/<window>s' (e.g. '30/60s')",
  },
  {
    name: 'token issue with a custom role (cli:66-70)',
    args: ['token', 'issue', '--user', 'erin', '--role', 'researcher'],
    code: 0,
    stdout: block('issued', 'erin', 'researcher', 'never'),
  },
  // ts:delete_role "Cannot delete role '{name}': token for user '{tok.user}' is assigned to it"
  {
    name: 'role delete of a role in use (ts:delete_role)',
    args: ['role', 'delete', '--name', 'researcher'],
    code: 1,
    stderr: "Error: Cannot delete role 'researcher': token for user 'erin' is assigned to it",
  },
  // ts:delete_role raise ValueError(f"Cannot delete default role '{name}'")
  {
    name: 'role delete of a default role (ts:delete_role)',
    args: ['role', 'delete', '--name', 'admin'],
    code: 1,
    stderr: "Error: Cannot delete default role 'admin'",
  },
  // ts:delete_role raise ValueError(f"Role '{name}' does not exist")
  {
    name: 'role delete of an unknown role (ts:delete_role)',
    args: ['role', 'delete', '--name', 'ghost'],
    code: 1,
    stderr: "Error: Role 'ghost' does not exist",
  },
  {
    name: 'token revoke erin (srv:147)',
    args: ['token', 'revoke', '--user', 'erin'],
    code: 0,
    stdout: "Revoked token for 'erin'",
  },
  // cli:158
  {
    name: 'role delete (cli:158)',
    args: ['role', 'delete', '--name', 'researcher'],
    code: 0,
    stdout: "Role 'researcher' deleted.",
  },
  {
    name: 'token revoke alice (srv:147)',
    args: ['token', 'revoke', '--user', 'alice'],
    code: 0,
    stdout: "Revoked token for 'alice'",
  },
  // cli:82-84
  {
    name: 'token rotate --all with no tokens (cli:83)',
    args: ['token', 'rotate', '--all'],
    code: 0,
    stdout: 'No tokens to rotate.',
  },

  // argparse's refusals of the parser cli:163-217 (exit 2). Our usage lines add `--json`.
  {
    name: 'token issue without --role (cli:175-176 required=True)',
    args: ['token', 'issue', '--user', 'a'],
    code: 2,
    stderr: usage(
      'runevault token issue [-h] --user USER --role ROLE [--expires EXPIRES] [--json]',
      'runevault token issue',
      'the following arguments are required: --role',
    ),
  },
  {
    name: 'role create without its flags (cli:201-204 required=True)',
    args: ['role', 'create', '--name', 'x'],
    code: 2,
    stderr: usage(
      'runevault role create [-h] --name NAME --scope SCOPE --top-k TOP_K --rate-limit RATE_LIMIT',
      'runevault role create',
      'the following arguments are required: --scope, --top-k, --rate-limit',
    ),
  },
  {
    name: 'token rotate with neither flag (cli:185 required group)',
    args: ['token', 'rotate'],
    code: 2,
    stderr: usage(
      'runevault token rotate [-h] (--user USER | --all) [--json]',
      'runevault token rotate',
      'one of the arguments --user --all is required',
    ),
  },
  {
    name: 'token rotate with both flags (cli:185 mutually exclusive)',
    args: ['token', 'rotate', '--user', 'a', '--all'],
    code: 2,
    stderr: usage(
      'runevault token rotate [-h] (--user USER | --all) [--json]',
      'runevault token rotate',
      'argument --all: not allowed with argument --user',
    ),
  },
  {
    name: 'role update with a non-integer --top-k (cli:210 type=int)',
    args: ['role', 'update', '--name', 'member', '--top-k', 'many'],
    code: 2,
    stderr: usage(
      'runevault role update [-h] --name NAME [--scope SCOPE] [--top-k TOP_K] [--rate-limit RATE_LIMIT]',
      'runevault role update',
      "argument --top-k: invalid int value: 'many'",
    ),
  },
  {
    name: 'token without an action (cli:172 required=True)',
    args: ['token'],
    code: 2,
    stderr: usage(
      'runevault token [-h] {issue,revoke,rotate,list} ...',
      'runevault token',
      'the following arguments are required: action',
    ),
  },
  {
    name: 'role with an unknown action (cli:195)',
    args: ['role', 'frob'],
    code: 2,
    stderr: usage(
      'runevault role [-h] {list,create,update,delete} ...',
      'runevault role',
      "argument action: invalid choice: 'frob' (choose from 'list', 'create', 'update', 'delete')",
    ),
  },
];

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

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['--config', home.config, ...args], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  const normalize = (text: string) => text.replace(/evt_[0-9a-f]{32}/g, TOKEN);
  return { code, stdout: normalize(out.join('\n')), stderr: normalize(err.join('\n')) };
}

describe('runevault speaks like vault_admin_cli.py', () => {
  it.each(ROWS)('$name', async (row) => {
    const today14 = inTwoWeeks();
    const expected = (text = '') => text.replaceAll('<today+14>', today14);
    expect(await cli(row.args)).toEqual({
      code: row.code,
      stdout: expected(row.stdout),
      stderr: expected(row.stderr),
    });
  });

  // cli:38-40 (ConnectionRefusedError); a missing socket file is the same situation.
  it('with no vault listening: the upstream line, exit 1 (cli:39)', async () => {
    const err: string[] = [];
    const code = await runCli(['--admin-socket', `${home.dir}/nope.sock`, 'token', 'list'], {
      out: () => {},
      err: (t) => err.push(t),
    });
    expect({ code, stderr: err.join('\n') }).toEqual({
      code: 1,
      stderr: 'Error: Cannot connect to admin server. Is Vault running?',
    });
  });

  // The real binary: print() ends every line with a newline, errors go to stderr only.
  it('the real binary writes the same bytes and exit codes', async () => {
    expect(await runCliProcess(['--config', home.config, 'token', 'list'])).toEqual({
      code: 0,
      stdout: 'No tokens issued.\n',
      stderr: '',
    });
    expect(await runCliProcess(['--config', home.config, 'role', 'delete', '--name', 'member'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "Error: Cannot delete default role 'member'\n",
    });
    expect(await runCliProcess(['--config', home.config])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${usage(
        'runevault [-h] [--config CONFIG] [--admin-socket ADMIN_SOCKET] {version,daemon,status,token,role,keys} ...',
        'runevault',
        'the following arguments are required: resource',
      )}\n`,
    });
  });
});

// The flags each upstream subparser defines (cli:174-215): flag, metavar (argparse: dest
// upper-cased; none for store_true) and help. `-h` and our `--json` come on top.
const UPSTREAM_FLAGS: Record<string, { help: string; flags: [string, string | null, string][] }> = {
  'token issue': {
    help: 'Issue a new token', // cli:174
    flags: [
      ['--user', 'USER', 'Username'], // cli:175
      ['--role', 'ROLE', 'Role name'], // cli:176
      ['--expires', 'EXPIRES', 'Duration until expiry (e.g. 90d, 12w, 6m)'], // cli:177
    ],
  },
  'token revoke': { help: "Revoke a user's token", flags: [['--user', 'USER', 'Username']] }, // cli:180-181
  'token rotate': {
    help: 'Rotate a token (revoke + reissue)', // cli:184
    flags: [
      ['--user', 'USER', 'Username to rotate'], // cli:186
      ['--all', null, 'Rotate all tokens'], // cli:187
    ],
  },
  'token list': { help: 'List all tokens', flags: [] }, // cli:190
  'role list': { help: 'List all roles', flags: [] }, // cli:197
  'role create': {
    help: 'Create a new role', // cli:200
    flags: [
      ['--name', 'NAME', 'Role name'], // cli:201
      ['--scope', 'SCOPE', 'Comma-separated scope list'], // cli:202
      ['--top-k', 'TOP_K', 'Max top_k'], // cli:203
      ['--rate-limit', 'RATE_LIMIT', 'Rate limit (e.g. 30/60s)'], // cli:204
    ],
  },
  'role update': {
    help: 'Update a role', // cli:207
    flags: [
      ['--name', 'NAME', 'Role name'], // cli:208
      ['--scope', 'SCOPE', 'Comma-separated scope list'], // cli:209
      ['--top-k', 'TOP_K', 'Max top_k'], // cli:210
      ['--rate-limit', 'RATE_LIMIT', 'Rate limit (e.g. 30/60s)'], // cli:211
    ],
  },
  'role delete': { help: 'Delete a role', flags: [['--name', 'NAME', 'Role name']] }, // cli:214-215
};
// Our addition (VAULT.md): machine-readable output on these.
const WITH_JSON = new Set(['token issue', 'token rotate', 'token list', 'role list']);

async function helpOf(args: string[]): Promise<string> {
  const out: string[] = [];
  expect(await runCli([...args, '--help'], { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
  return out.join('\n');
}

/** `  --top-k <TOP_K>  Max top_k` lines of a help text → [flag, metavar, help]. */
function optionLines(help: string): [string, string | null, string][] {
  const section = help.split(/\n\n/).find((part) => part.startsWith('Options:')) ?? '';
  return section
    .split('\n')
    .slice(1)
    .map((line) => /^ {2}(?:-h, )?(--[\w-]+)(?: <(\w+)>)?\s+(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1] as string, m[2] ?? null, m[3] as string]);
}

describe("--help lists upstream's flags 1:1", () => {
  it.each(Object.keys(UPSTREAM_FLAGS))('runevault %s --help', async (path) => {
    const spec = UPSTREAM_FLAGS[path] as (typeof UPSTREAM_FLAGS)[string];
    const expected: [string, string | null, string][] = [
      ...spec.flags,
      ...(WITH_JSON.has(path)
        ? [['--json', null, 'print machine-readable JSON'] as [string, null, string]]
        : []),
      ['--help', null, 'show this help message and exit'],
    ];
    const help = await helpOf(path.split(' '));
    expect(optionLines(help)).toEqual(expected);
    expect(help.split('\n')).toContain(spec.help);
  });

  it.each([
    // cli:171, cli:194 and the subparsers' help= texts
    [
      'token',
      [
        ['issue', 'Issue a new token'],
        ['revoke', "Revoke a user's token"],
        ['rotate', 'Rotate a token (revoke + reissue)'],
        ['list', 'List all tokens'],
      ],
    ],
    [
      'role',
      [
        ['list', 'List all roles'],
        ['create', 'Create a new role'],
        ['update', 'Update a role'],
        ['delete', 'Delete a role'],
      ],
    ],
  ] as const)('runevault %s --help lists the upstream actions', async (group, actions) => {
    const help = await helpOf([group]);
    const section = help.split(/\n\n/).find((part) => part.startsWith('Commands:')) ?? '';
    const listed = section
      .split('\n')
      .slice(1)
      .map((line) => /^ {2}(\w+)(?: \[options\])?\s+(.+)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]);
    expect(listed).toEqual(actions.map(([a, h]) => [a, h]));
  });

  it('the top level lists token and role with upstream help (cli:171, cli:194)', async () => {
    const help = await helpOf([]);
    expect(help).toMatch(/^ {2}token\s+Manage per-user tokens$/m);
    expect(help).toMatch(/^ {2}role\s+Manage roles$/m);
  });
});
