import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { generateKeys } from '../../fhe/key-files.js';
import { type GlobalOptions, loadCliConfig } from '../admin-target.js';
import { CliError } from '../cli-error.js';
import type { CliIo } from '../program.js';
import { requireSubcommand } from '../usage-error.js';

export function registerKeysCommands(program: Command, globals: () => GlobalOptions, io: CliIo) {
  const keys = program.command('keys').description('Manage the FHE keys');
  requireSubcommand(keys, 'action');
  keys
    .command('generate')
    .description('Create EncKey.json, EvalKey.json and SecKey.json under keys.path/key_id')
    .option('--force', 'replace existing keys (clients must fetch the new public key)')
    .action(async (opts: { force?: boolean }) => {
      const { config } = loadCliConfig(globals());
      const dir = join(config.keys.path, config.keys.keyId);
      try {
        const result = await generateKeys(dir, { force: opts.force === true });
        io.out(
          result.generated
            ? `Generated FHE keys in ${dir}${opts.force ? ' (restart the daemon to use them)' : ''}.`
            : `FHE keys already exist in ${dir}; use --force to replace them.`,
        );
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message);
        throw error;
      }
    });
}
