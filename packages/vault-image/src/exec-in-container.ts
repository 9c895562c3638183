// `docker exec` through dockerode: runs a command in a running container and returns its
// exit code and both output streams (demultiplexed, since no TTY is attached).
import { type Duplex, PassThrough } from 'node:stream';
import type Docker from 'dockerode';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function execInContainer(
  docker: Docker,
  containerId: string,
  cmd: string[],
  options: { timeoutMs?: number } = {},
): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const exec = await docker
    .getContainer(containerId)
    .exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const out = new PassThrough().on('data', (chunk: Buffer) => stdout.push(chunk));
  const err = new PassThrough().on('data', (chunk: Buffer) => stderr.push(chunk));
  docker.modem.demuxStream(stream, out, err);
  await execOutputEnd(stream, timeoutMs, `${cmd.join(' ')} in container ${containerId.slice(0, 12)}`);
  const info = await settledExec(exec);
  return {
    exitCode: info.ExitCode ?? -1,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
  };
}

/** Resolves when an exec's output stream ends; after `timeoutMs` destroys it and rejects naming `what`. */
export function execOutputEnd(stream: Duplex, timeoutMs: number, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`${what}: no exit within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The exec's state once the engine records its exit: the output can end a moment before (≤ ~1 s of re-reads). */
export async function settledExec(exec: Docker.Exec): Promise<Docker.ExecInspectInfo> {
  let info = await exec.inspect();
  for (let i = 0; info.Running && i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    info = await exec.inspect();
  }
  return info;
}
