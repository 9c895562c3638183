// The CLI applies the daemon's name rule before it connects: a bad name is refused with the
// code point named (exit 1, `Error: …`), even when no daemon is running.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/program.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('cli-names');
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  // A socket path where nothing listens: reaching it would be a connect error instead.
  const code = await runCli(['--admin-socket', join(tmp(), 'admin.sock'), ...args], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out, err: err.join('\n') };
}

describe('CLI name checks', () => {
  it.each([
    [
      ['token', 'issue', '--user', 'admin\u200B', '--role', 'member'],
      'Invalid user: the name contains U+200B',
    ],
    [
      ['token', 'issue', '--user', 'alice', '--role', 'member\u2028'],
      'Invalid role name: the name contains U+2028',
    ],
    [['token', 'revoke', '--user', 'eve\u202E'], 'Invalid user: the name contains U+202E'],
    [['token', 'rotate', '--user', 'a\u0085b'], 'Invalid user: the name contains U+0085'],
    [
      [
        'role',
        'create',
        '--name',
        'ci\nadmin',
        '--scope',
        'get_public_key',
        '--top-k',
        '3',
        '--rate-limit',
        '5/60s',
      ],
      'Invalid role name: the name contains U+000A',
    ],
    [['role', 'update', '--name', 'ci\u200B', '--top-k', '3'], 'Invalid role name: the name contains U+200B'],
    [['role', 'delete', '--name', 'ci\u00A0x'], 'Invalid role name: the name contains U+00A0'],
  ])('%j is refused before any connection', async (args, expected) => {
    const { code, out, err } = await run(...args);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toContain(`Error: ${expected}`);
    expect(err).toMatch(PRINTABLE_ASCII);
  });

  it('lets a valid name through to the connection attempt', async () => {
    const { code, err } = await run('token', 'revoke', '--user', 'Jos\u00E9');
    expect(code).toBe(1);
    expect(err).not.toContain('Invalid user');
  });
});
