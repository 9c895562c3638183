import type { Command } from 'commander';
import { AdminConnectError, adminRequest } from '../../admin/admin-client.js';
import { isProcessAlive, readPidFile } from '../../daemon/pid-file.js';
import { type GlobalOptions, loadCliConfig } from '../admin-target.js';
import { SilentExit } from '../cli-error.js';
import type { CliIo } from '../program.js';

interface Status {
  running: boolean;
  pid: number | null;
  healthy: boolean;
  admin_socket: string;
  admin_socket_responding: boolean;
  pid_file: string | null;
}

export function registerStatusCommand(program: Command, globals: () => GlobalOptions, io: CliIo) {
  program
    .command('status')
    .description('Health, PID and admin socket liveness; exit 0 only when the vault is serving')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { json?: boolean }) => {
      const g = globals();
      // With --admin-socket alone (no config) the PID part is unknown, not an error.
      const config = g.adminSocket && !g.config ? undefined : loadCliConfig(g).config;
      const socket = g.adminSocket ?? (config?.server.admin.socket as string);
      const pidFile = config?.daemon.pidFile ?? null;
      const pid = pidFile ? readPidFile(pidFile) : undefined;
      const status: Status = {
        running: pid !== undefined && isProcessAlive(pid),
        pid: pid ?? null,
        healthy: false,
        admin_socket: socket,
        admin_socket_responding: false,
        pid_file: pidFile,
      };
      try {
        const reply = await adminRequest(socket, 'GET', '/health', undefined, { timeoutMs: 3000 });
        status.admin_socket_responding = true;
        status.healthy = reply.status === 200;
      } catch (error) {
        if (!(error instanceof AdminConnectError)) throw error;
      }
      if (opts.json) io.out(JSON.stringify(status));
      else {
        io.out(`Vault:        ${status.running ? `running (PID ${status.pid})` : 'not running'}`);
        io.out(`Health:       ${status.healthy ? 'serving' : 'not serving'}`);
        io.out(
          `Admin socket: ${socket} (${status.admin_socket_responding ? 'responding' : 'not responding'})`,
        );
      }
      if (!status.healthy) throw new SilentExit(1);
    });
}
