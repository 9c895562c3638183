// Types for scripts/release-plan.mjs (plain JavaScript, run by node in release.yml).
export const VERSIONED_PACKAGES: readonly string[];
export interface ReleasePlan {
  version: string;
  major: string;
  prerelease: boolean;
  tag: string;
  majorTag: string;
  image: string;
  imageTags: string[];
}
export function releaseVersion(options: {
  ref?: string;
  input?: string;
  owner?: string;
  registry?: string;
  packageVersions?: Record<string, string>;
}): ReleasePlan;
export function changelogSection(text: string, version: string): string;
export function outputLines(plan: ReleasePlan): string[];
