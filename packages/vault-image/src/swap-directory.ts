import { existsSync, renameSync, rmSync } from 'node:fs';

/** The one file-system call the swap races on; tests pass one that lets a rival land first. */
export type Rename = (from: string, to: string) => void;

const MAX_ATTEMPTS = 10;

/**
 * Replaces `finalDir` with the complete folder `stagingDir`: the old folder is renamed aside,
 * the new one renamed into place, the old one removed. Readers see the old or the new folder,
 * never a half-written one. Two processes may swap into the same place at once (parallel test
 * files, an image build beside `npm run build:cli`): when the rival's folder lands between our
 * two renames, ours fails with ENOTEMPTY, so we set the rival's aside too and try again. When
 * the swap fails for good, the last folder set aside goes back: a failed swap loses nothing.
 */
export function swapDirectoryInto(stagingDir: string, finalDir: string, rename: Rename = renameSync): void {
  const retiredDirs: string[] = [];
  try {
    for (let attempt = 1; ; attempt++) {
      const retired = `${finalDir}.retired-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      try {
        rename(finalDir, retired);
        retiredDirs.push(retired);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      try {
        rename(stagingDir, finalDir);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= MAX_ATTEMPTS) {
          const last = retiredDirs.at(-1);
          if (last && !existsSync(finalDir)) {
            rename(last, finalDir);
            retiredDirs.pop();
          }
          throw error;
        }
      }
    }
  } finally {
    for (const dir of retiredDirs) rmSync(dir, { recursive: true, force: true });
  }
}
