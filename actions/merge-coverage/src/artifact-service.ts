// @actions/artifact behind a switch: without the artifact service (a plain shell, `act`, no
// ACTIONS_RUNTIME_TOKEN) the step says so in one warning and merges what the workspace holds.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { SearchBase } from '@runevault/coverage';
import { logSafe } from '../../common/src/log-safe.js';

/** Why @actions/artifact cannot work here, or undefined when it can. */
function artifactServiceUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ACT === 'true') return 'running under act, which has no artifact service for @actions/artifact 2+';
  if (!env.ACTIONS_RESULTS_URL)
    return 'no artifact service (ACTIONS_RESULTS_URL is not set: not on a GitHub runner)';
  if (!env.ACTIONS_RUNTIME_TOKEN) return 'no artifact service (ACTIONS_RUNTIME_TOKEN is not set)';
  return undefined;
}

/** `coverage-*` style: * and ? only, whole name. */
export function artifactNameMatcher(patterns: string[]): (name: string) => boolean {
  const expressions = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ),
  );
  return (name) => expressions.some((expression) => expression.test(name));
}

export interface ArtifactWishes {
  downloadPatterns: string[];
  uploadName: string;
}

export class ArtifactService {
  private constructor(readonly enabled: boolean) {}

  /** One warning when something is wanted and the service is missing, naming what is skipped. */
  static open(wishes: ArtifactWishes, env: NodeJS.ProcessEnv = process.env): ArtifactService {
    const wanted = wishes.downloadPatterns.length > 0 || wishes.uploadName !== '';
    if (!wanted) return new ArtifactService(false);
    const reason = artifactServiceUnavailableReason(env);
    if (!reason) return new ArtifactService(true);
    const skipped = [
      ...(wishes.downloadPatterns.length > 0
        ? [
            `artifacts matching ${wishes.downloadPatterns.map(logSafe).join(', ')} are not downloaded (only reports already in the workspace are merged)`,
          ]
        : []),
      ...(wishes.uploadName
        ? [`the merged report is not uploaded as ${logSafe(wishes.uploadName)} (it stays in output-dir)`]
        : []),
    ];
    core.warning(`artifacts are off: ${reason}; ${skipped.join('; ')}`);
    return new ArtifactService(false);
  }

  /** Downloads this run's matching artifacts, each into <dir>/<name>; returns them as search bases. */
  async download(patterns: string[], dir: string): Promise<SearchBase[]> {
    if (!this.enabled || patterns.length === 0) return [];
    const client = await loadClient();
    const matches = artifactNameMatcher(patterns);
    const { artifacts } = await client.listArtifacts({ latest: true });
    const wanted = artifacts
      .filter((artifact) => matches(artifact.name))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (wanted.length === 0) {
      core.warning(
        `artifact-pattern ${patterns.map(logSafe).join(', ')} matched none of this run's artifacts (${
          artifacts
            .map((artifact) => artifact.name)
            .sort()
            .join(', ') || 'there are none'
        })`,
      );
      return [];
    }
    const bases: SearchBase[] = [];
    for (const artifact of wanted) {
      const path = join(dir, artifact.name);
      await mkdir(path, { recursive: true });
      await client.downloadArtifact(artifact.id, { path });
      core.info(`downloaded artifact ${logSafe(artifact.name)} (${artifact.size} bytes) to ${logSafe(path)}`);
      bases.push({ dir: path, label: artifact.name });
    }
    return bases;
  }

  /** A failed upload costs the artifact, never the step its result. */
  async upload(name: string, files: string[], rootDirectory: string): Promise<void> {
    if (!this.enabled || !name || files.length === 0) return;
    try {
      const client = await loadClient();
      const { id, size } = await client.uploadArtifact(name, files, rootDirectory);
      core.info(`uploaded the merged report as artifact ${logSafe(name)} (id ${id}, ${size} bytes)`);
    } catch (error) {
      core.warning(
        `could not upload the merged report as artifact ${logSafe(name)}: ${(error as Error).message}`,
      );
    }
  }
}

// Loaded on first use: the Azure storage client inside it is most of the bundle, and a run
// without an artifact service never needs it.
async function loadClient() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}
