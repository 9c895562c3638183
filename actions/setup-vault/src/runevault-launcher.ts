// The `runevault` command later steps call: a launcher in <home>/bin that runs the CLI bundle
// with the node binary this action runs on, so it works whatever node (if any) is on PATH.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as exec from '@actions/exec';
import { logSafe } from '../../common/src/log-safe.js';

export interface Launcher {
  binDir: string;
  /** The file to execute: `runevault` (sh) or, on Windows, `runevault.cmd`. */
  path: string;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function installLauncher(binDir: string, cliPath: string, nodePath = process.execPath): Launcher {
  mkdirSync(binDir, { recursive: true, mode: 0o755 });
  const shPath = join(binDir, 'runevault');
  writeFileSync(shPath, `#!/bin/sh\nexec ${shellQuote(nodePath)} ${shellQuote(cliPath)} "$@"\n`, {
    mode: 0o755,
  });
  chmodSync(shPath, 0o755);
  // cmd.exe finds runevault.cmd through PATHEXT; bash on Windows runners uses the sh one.
  const cmdPath = join(binDir, 'runevault.cmd');
  writeFileSync(cmdPath, `@"${nodePath}" "${cliPath}" %*\r\n`);
  return { binDir, path: process.platform === 'win32' ? cmdPath : shPath };
}

/** Runs `runevault <args>` with its output in the log; throws naming the command on failure. */
export async function runRunevault(launcher: Launcher, args: string[]): Promise<void> {
  const code = await exec.exec(launcher.path, args, { ignoreReturnCode: true });
  if (code !== 0)
    throw new Error(`runevault ${logSafe(args.join(' '))} exited with code ${code} (its output is above)`);
}

/** `runevault version` → "0.1.0"; also proves the launcher runs. */
export async function runevaultVersion(launcher: Launcher): Promise<string> {
  const { exitCode, stdout, stderr } = await exec.getExecOutput(launcher.path, ['version'], {
    silent: true,
    ignoreReturnCode: true,
  });
  const match = /^runevault (\S+)/m.exec(stdout);
  if (exitCode !== 0 || !match?.[1]) {
    throw new Error(
      `runevault version failed (exit ${exitCode}): ${logSafe((stderr || stdout).trim()) || 'no output'}; the CLI at ${logSafe(launcher.path)} cannot run`,
    );
  }
  return match[1];
}
