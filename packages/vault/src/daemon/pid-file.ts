import { readFileSync, unlinkSync } from 'node:fs';
import { writeFileAtomicSync } from '../fs/atomic-write.js';

/** The PID recorded in `path`, or undefined when there is no file or it holds no PID. */
export function readPidFile(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function writePidFile(path: string, pid = process.pid): void {
  writeFileAtomicSync(path, `${pid}\n`, { mode: 0o644, dirMode: 0o700 });
}

/** Removes the PID file only if it still names `pid` (a successor may have replaced it). */
export function removePidFile(path: string, pid = process.pid): void {
  if (readPidFile(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
