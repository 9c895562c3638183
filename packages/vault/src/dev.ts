// `npm run vault:dev`: the whole vault in this process on loopback with a dev config —
// keys generated on first start, TLS off, audit to stdout. Ctrl-C stops it cleanly.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from './config/load-config.js';
import { widenHeapGrowth } from './daemon/heap-growth.js';
import { writeFileAtomicSync } from './fs/atomic-write.js';
import { createLogger } from './log/logger.js';
import { startVault } from './vault.js';

const { values } = parseArgs({
  options: {
    home: { type: 'string', default: resolve(process.env.INIT_CWD ?? process.cwd(), '.runevault-dev') },
    'grpc-port': { type: 'string', default: '50051' },
    'http-port': { type: 'string', default: '9090' },
  },
});
const home = resolve(values.home ?? '.runevault-dev');
const logger = createLogger({});

function ensureSecretFile(path: string, make: () => string): string {
  if (!existsSync(path)) writeFileAtomicSync(path, `${make()}\n`, { mode: 0o600 });
  return path;
}

async function main() {
  widenHeapGrowth();
  const teamSecretFile = ensureSecretFile(join(home, 'configs', 'team_secret'), () =>
    randomBytes(32).toString('hex'),
  );
  const { config, warnings } = resolveConfig(
    {
      server: {
        grpc: { host: '127.0.0.1', port: Number(values['grpc-port']), tls: { disable: true } },
        http: { host: '127.0.0.1', port: Number(values['http-port']) },
      },
      keys: { path: 'vault-keys', generate_if_missing: true },
      tokens: { team_secret_file: teamSecretFile },
      audit: { mode: 'stdout' },
    },
    { file: join(home, 'configs', 'runevault.conf'), installDir: home },
  );
  for (const warning of warnings) logger.warn(warning);

  const vault = await startVault(config, { logger });
  const tokenFile = join(home, 'dev-token');
  if (!existsSync(tokenFile)) {
    const issued = vault.tokens.issue('dev', 'admin', 30);
    writeFileAtomicSync(tokenFile, `${issued.token}\n`, { mode: 0o600 });
  }
  logger.info(
    `dev vault ready: grpc 127.0.0.1:${vault.grpcPort}, http http://127.0.0.1:${vault.httpPort}/health`,
  );
  logger.info(`an admin token for user 'dev' is in ${tokenFile} (0600); it is never printed`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received; draining and shutting down`);
    await vault.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
