import { Command, CommanderError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { GlobalOptions } from './admin-target.js';
import { CliError, SilentExit } from './cli-error.js';
import { registerDaemonCommands } from './commands/daemon-commands.js';
import { registerKeysCommands } from './commands/keys-commands.js';
import { registerRoleCommands } from './commands/role-commands.js';
import { registerStatusCommand } from './commands/status-command.js';
import { registerTokenCommands } from './commands/token-commands.js';

export const VERSION: string = pkg.version;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('runevault')
    .description('Rune-Vault daemon and admin CLI')
    .addOption(new Option('--config <path>', 'runevault.conf to use (default: lookup order)'))
    .addOption(
      new Option('--admin-socket <path>', "admin socket (default: the config's server.admin.socket)"),
    )
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('version')
    .description('Print the version (needs no config and no daemon)')
    .action(() => io.out(`runevault ${VERSION}`));
  registerDaemonCommands(program, globals, io);
  registerStatusCommand(program, globals, io);
  registerTokenCommands(program, globals, io);
  registerRoleCommands(program, globals, io);
  registerKeysCommands(program, globals, io);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/**
 * Runs the CLI and returns its exit code: 0 success, 1 `Error: …` (as upstream), 2 usage
 * errors (argparse's code, which upstream scripts rely on).
 */
export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof SilentExit) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`Error: ${error.message}`);
      return error.exitCode;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
