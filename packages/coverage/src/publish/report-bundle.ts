// The report a pull_request run leaves for the privileged workflow_run that publishes it: a
// folder uploaded as one artifact (runevault-report). The writer runs in the untrusted run;
// the reader treats every byte as the fork's (the manifest's pull request number included:
// it is shown as a claim, never used to choose where to post).
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UnsafeArchiveError } from './bounded-zip.js';

export const DEFAULT_REPORT_ARTIFACT = 'runevault-report';
const MANIFEST_FILE = 'report.json';
const COMMENT_FILE = 'comment.md';
/** GitHub refuses comments over 65,536 characters; the publisher's header needs some of them. */
const MAX_COMMENT_MARKDOWN_BYTES = 256 * 1024;

export interface ReportManifest {
  schema: 1;
  /** What made it: merge-coverage, the e2e suite… (shown, not trusted). */
  kind: string;
  /** The pull request the run believed it served (GITHUB_EVENT's number): informational only. */
  claimedPullRequest?: number;
  /** The commit the run tested, as it saw it. */
  headSha?: string;
}

function writeAtomically(path: string, content: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}

/** Writes report.json, comment.md and copies of `attachments` into `dir`; returns every path. */
export function writeReportBundle(
  dir: string,
  manifest: ReportManifest,
  commentMarkdown: string,
  attachments: string[] = [],
): string[] {
  mkdirSync(dir, { recursive: true });
  const written = [join(dir, MANIFEST_FILE), join(dir, COMMENT_FILE)];
  writeAtomically(written[0] as string, `${JSON.stringify(manifest, null, 2)}\n`);
  writeAtomically(written[1] as string, commentMarkdown);
  for (const file of attachments) {
    const target = join(dir, basename(file));
    copyFileSync(file, `${target}.tmp-${process.pid}`);
    renameSync(`${target}.tmp-${process.pid}`, target);
    written.push(target);
  }
  return written;
}

export interface UntrustedReport {
  /** The Markdown exactly as the run wrote it (UTF-8 decoded): neutralise before posting. */
  markdown: string;
  claimedPullRequest: number | undefined;
  kind: string | undefined;
  /** Every file name in the artifact. */
  files: string[];
}

/** The report out of an artifact's files; a missing or oversized comment.md is refused. */
export function readReportBundle(files: Map<string, Buffer>): UntrustedReport {
  const comment = files.get(COMMENT_FILE);
  if (!comment) throw new UnsafeArchiveError(`holds no ${COMMENT_FILE} at its top`);
  if (comment.length > MAX_COMMENT_MARKDOWN_BYTES)
    throw new UnsafeArchiveError(
      `${COMMENT_FILE} is ${comment.length} bytes, over the limit of ${MAX_COMMENT_MARKDOWN_BYTES}`,
    );
  let manifest: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(files.get(MANIFEST_FILE)?.toString('utf8') ?? '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) manifest = parsed;
  } catch {
    // A manifest that does not parse only costs its claims.
  }
  const claimed = manifest.claimedPullRequest;
  const kind = manifest.kind;
  return {
    markdown: comment.toString('utf8'),
    claimedPullRequest:
      typeof claimed === 'number' && Number.isSafeInteger(claimed) && claimed > 0 ? claimed : undefined,
    kind: typeof kind === 'string' && /^[\w .-]{1,40}$/.test(kind) ? kind : undefined,
    files: [...files.keys()].sort(),
  };
}
