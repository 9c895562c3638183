// What a runner has of this repository when a workflow elsewhere says
// `uses: runevault/runevault/actions/<name>@<sha>`: the repository's files at that commit (the
// tarball GitHub serves, i.e. what git carries), under _actions/<owner>/<repo>/<sha>. Nothing
// git ignores is in it: no node_modules, no packages/*/dist, no build output.
import { execFileSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Copies the files git carries from `repoRoot` into `<runnerRoot>/_actions/<repository>/<sha>`
 * and returns that folder. The files are the working tree's versions of the tracked files plus
 * the untracked ones git does not ignore (so a change not yet committed is what runs, as it will
 * once committed); deleted files are left out. From a clean clone this is exactly HEAD's tree.
 */
export function downloadActionRepository(
  repoRoot: string,
  runnerRoot: string,
  repository: string,
  sha: string,
): string {
  const dest = join(runnerRoot, '_actions', ...repository.split('/'), sha);
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = [...new Set(listed.split('\0').filter(Boolean))];
  for (const file of files) {
    const from = join(repoRoot, file);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(from);
    } catch {
      continue; // tracked but deleted in the working tree
    }
    const to = join(dest, file);
    mkdirSync(dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stat.isFile()) copyFileSync(from, to);
  }
  return dest;
}
