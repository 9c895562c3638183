import { Command, CommanderError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { quoteCallerValue } from '../log/logger.js';
import type { GlobalOptions } from './admin-target.js';
import { CliError, SilentExit } from './cli-error.js';
import { registerDaemonCommands } from './commands/daemon-commands.js';
import { registerKeysCommands } from './commands/keys-commands.js';
import { registerRoleCommands } from './commands/role-commands.js';
import { registerStatusCommand } from './commands/status-command.js';
import { registerTokenCommands } from './commands/token-commands.js';
import { argparseUsage, commandPath, requireSubcommand, UsageError } from './usage-error.js';

const VERSION: string = pkg.version;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function buildProgram(io: CliIo): Command {
  const program = new Command('runevault')
    .description('Rune-Vault daemon and admin CLI')
    .addOption(new Option('--config <path>', 'runevault.conf to use (default: lookup order)'))
    .addOption(
      new Option('--admin-socket <path>', "admin socket (default: the config's server.admin.socket)"),
    )
    // argparse's help wording, no `help` subcommand, no suggestions: upstream had none.
    .helpOption('-h, --help', 'show this help message and exit')
    .helpCommand(false)
    .showSuggestionAfterError(false)
    // Commander's own error lines are replaced by argparse's (runCli renders them).
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: () => {},
    })
    .exitOverride();
  // Subcommands copy these settings when created, so they are set before any is registered.
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
  requireSubcommand(program, 'resource');
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  refuseExtraOperands(program);
  trackDispatch(program);
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
      return printUsageError(io, asArgparseError(program, error));
    }
    if (error instanceof UsageError) return printUsageError(io, error);
    if (error instanceof SilentExit) return error.exitCode;
    if (error instanceof CliError) {
      io.err(`Error: ${error.message}`);
      return error.exitCode;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function printUsageError(io: CliIo, error: UsageError): number {
  io.err(`usage: ${argparseUsage(error.command)}`);
  io.err(`${commandPath(error.command)}: error: ${error.message}`);
  return 2;
}

// Group commands accept any operand (to name it in "invalid choice"), and subcommands created
// after that inherited the setting: every leaf refuses stray operands again, as argparse does.
function refuseExtraOperands(command: Command): void {
  if (command.commands.length === 0) command.allowExcessArguments(false);
  for (const sub of command.commands) refuseExtraOperands(sub);
}

// The command commander was parsing when it gave up: errors for its options name it.
const dispatched = new WeakMap<Command, Command>();

function trackDispatch(command: Command): void {
  if (command.commands.length === 0) return;
  command.hook('preSubcommand', (self, sub) => {
    let root = self;
    while (root.parent) root = root.parent;
    dispatched.set(root, sub);
  });
  for (const sub of command.commands) trackDispatch(sub);
}

/** Commander's refusals, reworded as argparse's (caller text escaped). */
function asArgparseError(program: Command, error: CommanderError): UsageError {
  const current = dispatched.get(program) ?? program;
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    // argparse hands arguments no subparser knows back to the top parser, which refuses them.
    case 'commander.unknownOption':
      return new UsageError(program, `unrecognized arguments: ${quoteCallerValue(quoted)}`);
    case 'commander.excessArguments':
      return new UsageError(
        program,
        `unrecognized arguments: ${current.args.map((a) => quoteCallerValue(a)).join(' ')}`,
      );
    case 'commander.optionMissingArgument':
      return new UsageError(current, `argument ${quoted.split(/[ ,]/)[0]}: expected one argument`);
    default:
      return new UsageError(current, error.message.replace(/^error: /, ''));
  }
}
