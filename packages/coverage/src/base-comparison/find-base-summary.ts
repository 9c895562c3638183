// Finds the merged summary a push to main kept (artifact `<prefix>-<sha>`) for a pull request's
// base commit, or for the nearest earlier commit of the base branch, within `lookback` commits.
// An artifact counts only when GitHub says a run of this repository on that very commit
// uploaded it (not a fork's run that named an artifact after main's commit).
import { listRepositoryArtifacts, type RestArtifact } from '../github/artifacts-api.js';
import { commitsFrom } from '../github/pull-requests-api.js';
import type { GitHubRestClient } from '../github/rest-client.js';
import { readBoundedZip } from '../publish/bounded-zip.js';
import type { BaseLookup } from './compare-with-base.js';
import { MAX_SUMMARY_BYTES, parseCoverageSummary } from './summary-file.js';

export const SUMMARY_FILE = 'coverage-summary.json';

export function summaryArtifactName(prefix: string, sha: string): string {
  return `${prefix}-${sha}`;
}

export interface FindBaseSummaryOptions {
  repository: string;
  baseSha: string;
  /** The base branch (the pull request's base.ref); its runs alone count. */
  baseBranch: string;
  prefix: string;
  lookback: number;
}

function trusted(artifact: RestArtifact, sha: string, branch: string): boolean {
  return (
    !artifact.expired &&
    artifact.run.headSha === sha &&
    artifact.run.headBranch === branch &&
    artifact.run.repositoryId !== undefined &&
    artifact.run.headRepositoryId === artifact.run.repositoryId
  );
}

export async function findBaseSummary(
  client: GitHubRestClient,
  options: FindBaseSummaryOptions,
): Promise<BaseLookup> {
  const { repository, baseSha, prefix } = options;
  const commits = await commitsFrom(client, repository, baseSha, options.lookback);
  if (commits.length === 0) commits.push(baseSha);
  for (const [distance, sha] of commits.entries()) {
    const artifacts = await listRepositoryArtifacts(client, repository, summaryArtifactName(prefix, sha));
    const artifact = artifacts.find((candidate) => trusted(candidate, sha, options.baseBranch));
    if (!artifact) continue;
    const [owner, repo] = repository.split('/') as [string, string];
    const zip = await client.downloadArtifactZip(owner, repo, artifact.id, MAX_SUMMARY_BYTES);
    const files = readBoundedZip(zip, {
      maxEntries: 8,
      maxFileBytes: MAX_SUMMARY_BYTES,
      maxTotalBytes: MAX_SUMMARY_BYTES,
    });
    const text = files.get(SUMMARY_FILE);
    if (!text) continue;
    const summary = parseCoverageSummary(text.toString('utf8'), `${artifact.name}/${SUMMARY_FILE}`);
    return { found: { commit: sha, requested: baseSha, distance, summary } };
  }
  return {
    missing: `no coverage summary of the base commit ${baseSha.slice(0, 12)} or the ${Math.max(0, commits.length - 1)} commit(s) before it was found (artifacts ${prefix}-<sha> from pushes to ${options.baseBranch}): only the absolute thresholds apply`,
  };
}
