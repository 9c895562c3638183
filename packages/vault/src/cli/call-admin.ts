import { AdminConnectError, adminRequest } from '../admin/admin-client.js';
import { adminSocketPath, type GlobalOptions } from './admin-target.js';
import { CliError } from './cli-error.js';

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
    if (error instanceof AdminConnectError) throw new CliError(error.message);
    throw error;
  }
}
