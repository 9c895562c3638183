// Artifacts through the REST API (not the runner's artifact service, which only sees the
// current run): another run's artifacts for the publisher, a base commit's summary for the
// comparison. Each carries the run that uploaded it, which is what makes it trustworthy or not.
import type { GitHubRestClient } from './rest-client.js';

export interface RestArtifact {
  id: number;
  name: string;
  sizeInBytes: number;
  expired: boolean;
  createdAt: string;
  /** The run that uploaded it, as GitHub records it (not as the artifact claims). */
  run: {
    id: number;
    repositoryId: number | undefined;
    headRepositoryId: number | undefined;
    headBranch: string | undefined;
    headSha: string | undefined;
  };
}

interface ArtifactJson {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
  created_at?: string;
  workflow_run?: {
    id?: number;
    repository_id?: number;
    head_repository_id?: number;
    head_branch?: string;
    head_sha?: string;
  } | null;
}

function toArtifact(json: ArtifactJson): RestArtifact {
  return {
    id: json.id,
    name: json.name,
    sizeInBytes: json.size_in_bytes,
    expired: json.expired,
    createdAt: json.created_at ?? '',
    run: {
      id: json.workflow_run?.id ?? 0,
      repositoryId: json.workflow_run?.repository_id,
      headRepositoryId: json.workflow_run?.head_repository_id,
      headBranch: json.workflow_run?.head_branch,
      headSha: json.workflow_run?.head_sha,
    },
  };
}

const artifactsOf = (page: unknown) =>
  ((page as { artifacts?: ArtifactJson[] }).artifacts ?? []).map(toArtifact);

/** GET /repos/{o}/{r}/actions/runs/{run}/artifacts?name=… */
export function listRunArtifacts(
  client: GitHubRestClient,
  repository: string,
  runId: number,
  name: string,
): Promise<RestArtifact[]> {
  return client.paginate(
    `/repos/${repository}/actions/runs/${runId}/artifacts?name=${encodeURIComponent(name)}`,
    `listing the artifacts of run ${runId}`,
    artifactsOf,
  );
}

/** GET /repos/{o}/{r}/actions/artifacts?name=…: every run's artifacts of that name, newest first. */
export function listRepositoryArtifacts(
  client: GitHubRestClient,
  repository: string,
  name: string,
): Promise<RestArtifact[]> {
  return client.paginate(
    `/repos/${repository}/actions/artifacts?name=${encodeURIComponent(name)}`,
    `listing the artifacts named ${name}`,
    artifactsOf,
    2,
  );
}
