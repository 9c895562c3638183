import { AdminConnectError, adminRequest } from '../admin/admin-client.js';
import { adminSocketPath, type GlobalOptions } from './admin-target.js';
import { CliError } from './cli-error.js';

const UNREACHABLE = 'Cannot connect to admin server. Is Vault running?';

/** One admin API call; a refusal or an unreachable socket becomes the CLI's `Error: …`. */
export async function callAdmin<T = Record<string, unknown>>(
  globals: GlobalOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const socket = adminSocketPath(globals);
  try {
    const reply = await adminRequest(socket, method, path, body);
    if (reply.status >= 400) {
      const message = (reply.body as { error?: unknown } | undefined)?.error;
      throw new CliError(typeof message === 'string' ? message : 'Unknown error');
    }
    return reply.body as T;
  } catch (error) {
    if (error instanceof AdminConnectError) {
      // Nothing listens there: upstream's words (vault_admin_cli.py _request). Other failures
      // (EACCES) had no upstream text and keep ours, which names the socket.
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') throw new CliError(UNREACHABLE);
      throw new CliError(error.message);
    }
    throw error;
  }
}
