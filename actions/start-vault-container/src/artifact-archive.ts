// artifact-name: the `docker save` archive uploaded earlier in this run (e.g. by a build-image
// job), downloaded with @actions/artifact. Without an artifact service (a plain shell, `act`
// without --artifact-server-path) the caller warns once and takes the image from elsewhere.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as core from '@actions/core';
import { logSafe } from '../../common/src/log-safe.js';

/** Why the artifact service cannot be used here, or undefined when it can. */
export function artifactUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ACT === 'true' && !env.ACTIONS_RESULTS_URL) {
    return 'running under act without an artifact server (act --artifact-server-path DIR gives one)';
  }
  // The two variables @actions/artifact reads before any request.
  if (!env.ACTIONS_RESULTS_URL)
    return 'no artifact service (ACTIONS_RESULTS_URL is not set: not on a GitHub runner)';
  if (!env.ACTIONS_RUNTIME_TOKEN) return 'no artifact service (ACTIONS_RUNTIME_TOKEN is not set)';
  return undefined;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz)$/;

/** The archive in a downloaded artifact: `file` when given, else its only .tar / .tar.gz. */
export function findArchive(dir: string, artifactName: string, file?: string): string {
  if (file) return join(dir, file);
  const archives = readdirSync(dir).filter((name) => ARCHIVE.test(name));
  if (archives.length !== 1) {
    throw new Error(
      `artifact ${logSafe(artifactName)} holds ${archives.length === 0 ? 'no' : archives.length} .tar/.tar.gz files` +
        `${archives.length > 1 ? ` (${archives.map(logSafe).join(', ')})` : ''}; name the one to load with image-archive`,
    );
  }
  return join(dir, archives[0] ?? '');
}

/**
 * Downloads the artifact into `dir` and returns the archive's path, or why it could not be
 * downloaded when no artifact service is there (the caller warns and falls back).
 */
export async function downloadImageArchive(
  artifactName: string,
  dir: string,
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string } | { unavailable: string }> {
  const reason = artifactUnavailableReason(env);
  if (reason) return { unavailable: reason };
  // Loaded on use: the Azure and Octokit clients inside are most of the bundle.
  const { DefaultArtifactClient } = await import('@actions/artifact');
  const client = new DefaultArtifactClient();
  const { artifact } = await client.getArtifact(artifactName);
  const { downloadPath } = await client.downloadArtifact(artifact.id, { path: dir });
  const path = findArchive(downloadPath ?? dir, artifactName, file);
  core.info(
    `artifact ${logSafe(artifactName)} (${artifact.size} bytes) downloaded to ${logSafe(downloadPath ?? dir)}`,
  );
  return { path };
}
