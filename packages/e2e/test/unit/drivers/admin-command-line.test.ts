import { describe, expect, it } from 'vitest';
import {
  commandLineCli,
  issueTokenViaCli,
  parseIssuedToken,
  runShellCommand,
} from '../../../src/drivers/admin-commands.js';

// --admin-command / --log-command: a shell command line with the suite's arguments appended.

const TOKEN = `evt_${'e'.repeat(32)}`;

describe('runShellCommand', () => {
  it('appends arguments as separate words, never re-parsed by the shell', async () => {
    const { stdout } = await runShellCommand("printf '%s|'", ['a b', "c'd", '$(id)', '*']);
    expect(stdout).toBe("a b|c'd|$(id)|*|");
  });

  it('a non-zero exit names the command, the code and the last stderr lines, tokens blanked', async () => {
    await expect(
      runShellCommand(`echo "Error: no role; ${TOKEN}" >&2; exit 3`, ['role', 'create']),
    ).rejects.toThrow(/^`echo .* role create` exited with code 3: Error: no role; evt_<redacted>$/);
  });

  it('says when the command cannot be found', async () => {
    await expect(runShellCommand('/no/such/runevault', ['token', 'list'])).rejects.toThrow(
      /^`\/no\/such\/runevault token list` exited with code 127: .*not found/,
    );
  });
});

describe('an admin CLI over a command line', () => {
  it('reads the token from `token issue --json` output', async () => {
    // A stand-in for `runevault`: prints what a real one prints for the args it was given.
    const cli = commandLineCli(`f() { printf '{"user":"%s","token":"${TOKEN}"}' "$4"; }; f`);
    expect(await issueTokenViaCli(cli, 'e2e-user', 'member')).toBe(TOKEN);
  });

  it('never shows a token printed in prose when the JSON is missing', () => {
    expect(() => parseIssuedToken(`Token issued for 'a':\n  Token: ${TOKEN}\n`)).toThrow(
      "runevault token issue --json printed no token: Token issued for 'a':\n  Token: evt_<redacted>",
    );
  });
});
