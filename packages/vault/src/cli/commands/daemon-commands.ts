import { type Command, Option } from 'commander';
import { parseDurationSeconds } from '../../config/duration.js';
import { findConfigFile } from '../../config/load-config.js';
import { DaemonConflictError, runDaemon, stopDaemon } from '../../daemon/daemon-process.js';
import { generateTeamSecretFileIfMissing } from '../../daemon/team-secret-file.js';
import { ConfigError } from '../../errors.js';
import { createLogger } from '../../log/logger.js';
import { type GlobalOptions, loadCliConfig } from '../admin-target.js';
import { CliError } from '../cli-error.js';
import type { CliIo } from '../program.js';
import { requireSubcommand } from '../usage-error.js';

interface StartOptions {
  adminSocket?: string;
  generateTeamSecret?: boolean;
}

function parseTimeoutMs(value: string): number {
  const ms = /^(\d+)ms$/.exec(value);
  if (ms) return Number(ms[1]);
  const seconds = parseDurationSeconds(/^\d+$/.test(value) ? `${value}s` : value);
  if (seconds === undefined) throw new CliError(`Invalid timeout '${value}'. Use e.g. 10s, 500ms, 1m`);
  return seconds * 1000;
}

async function startForeground(globals: GlobalOptions, opts: StartOptions): Promise<void> {
  const logger = createLogger({});
  if (opts.generateTeamSecret) {
    let file: string;
    try {
      file = findConfigFile(globals.config);
    } catch (error) {
      throw new CliError((error as ConfigError).message);
    }
    const created = generateTeamSecretFileIfMissing(file);
    if (created) logger.info(`generated a team secret in ${created} (mode 0600)`);
  }
  const { config, warnings } = loadCliConfig(globals);
  for (const warning of warnings) logger.warn(warning);
  const adminSocket = opts.adminSocket ?? globals.adminSocket;
  if (adminSocket) config.server.admin.socket = adminSocket;
  try {
    const daemon = await runDaemon(config, logger);
    await daemon.stopped;
  } catch (error) {
    if (error instanceof DaemonConflictError || error instanceof ConfigError)
      throw new CliError(error.message);
    throw error;
  }
}

async function stopRunning(globals: GlobalOptions, timeout: string, io: CliIo, quietIfStopped: boolean) {
  const { config } = loadCliConfig(globals);
  const timeoutMs = parseTimeoutMs(timeout);
  let result: Awaited<ReturnType<typeof stopDaemon>>;
  try {
    result = await stopDaemon(config.daemon.pidFile, timeoutMs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') {
      throw new CliError(
        `not permitted to signal the vault in ${config.daemon.pidFile}; run as its user or root`,
      );
    }
    throw error;
  }
  if (!result) {
    if (quietIfStopped) return;
    throw new CliError(`Vault is not running (no live process in PID file ${config.daemon.pidFile})`);
  }
  if (!result.stopped) throw new CliError(`Vault (PID ${result.pid}) is still running after ${timeout}`);
  io.out(`Vault stopped (PID ${result.pid}).`);
}

export function registerDaemonCommands(program: Command, globals: () => GlobalOptions, io: CliIo) {
  const daemon = program.command('daemon').description('Run or control the vault daemon');
  requireSubcommand(daemon, 'action');
  const generateSecret = () =>
    new Option(
      '--generate-team-secret',
      'create tokens.team_secret_file with a random secret if it is missing',
    );

  daemon
    .command('start')
    .description('Start the vault in the foreground (PID file + single-instance lock)')
    .option('--admin-socket <path>', 'admin socket path (overrides the config)')
    .addOption(generateSecret())
    .action((opts: StartOptions) => startForeground(globals(), opts));

  daemon
    .command('stop')
    .description('Send SIGTERM to the running vault (via the PID file) and wait for it to exit')
    .option('--timeout <duration>', 'how long to wait', '10s')
    .action((opts: { timeout: string }) => stopRunning(globals(), opts.timeout, io, false));

  daemon
    .command('restart')
    .description('Stop the running vault (if any), then start it in the foreground')
    .option('--timeout <duration>', 'how long to wait for the old one to exit', '10s')
    .option('--admin-socket <path>', 'admin socket path (overrides the config)')
    .addOption(generateSecret())
    .action(async (opts: StartOptions & { timeout: string }) => {
      await stopRunning(globals(), opts.timeout, io, true);
      await startForeground(globals(), opts);
    });
}
