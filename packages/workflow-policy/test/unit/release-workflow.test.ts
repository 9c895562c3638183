// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is GitHub expression syntax in the workflows
// release.yml under the policy: the publishing scopes (contents, packages, attestations) are
// granted to its jobs only, each job exactly what .github/workflow-policy.yml lists for it with
// a reason; the same grants anywhere else, or without a reason, are refused. Its shape as
// GitHub's parser reads it: triggers, job order, what publish pushes and how it is checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkWorkflowText, parseWriteAllowList } from '../../src/index.js';
import { parseRepositoryWorkflow, permissionsOf, REPO_ROOT } from '../support/repository-workflows.js';

const FILE = '.github/workflows/release.yml';
const text = readFileSync(join(REPO_ROOT, FILE), 'utf8');
const allowListText = readFileSync(join(REPO_ROOT, '.github/workflow-policy.yml'), 'utf8');
const allowList = parseWriteAllowList(allowListText, 'workflow-policy.yml');
const release = await parseRepositoryWorkflow('release.yml');

/** `rule:line` of every finding for the workflow text. */
const findings = (workflow: string, list = allowList, file = FILE) =>
  checkWorkflowText(file, workflow, { writeAllowList: list }).map((v) => `${v.rule}:${v.line}`);

/** The job-level `scope: write` grants of release.yml, per job. */
function writeGrants(): Record<string, string[]> {
  const jobs = (parse(text) as { jobs: Record<string, { permissions?: Record<string, string> }> }).jobs;
  return Object.fromEntries(
    Object.entries(jobs).map(([id, job]) => [
      id,
      Object.entries(job.permissions ?? {})
        .filter(([, level]) => level === 'write')
        .map(([scope]) => scope)
        .sort(),
    ]),
  );
}

describe('release.yml and the write allow-list', () => {
  it('passes every policy rule with the repository allow-list, and GitHub parses it without errors', () => {
    expect(findings(text)).toEqual([]);
    expect(release.errors).toEqual([]);
  });

  it('grants each job exactly the write scopes the allow-list names for it, at the top only contents: read', () => {
    const listed = allowList.get('release.yml');
    const granted = writeGrants();
    expect(granted).toEqual({
      verify: [],
      publish: ['attestations', 'id-token', 'packages'],
      release: ['contents'],
    });
    for (const [job, scopes] of Object.entries(granted))
      expect([...(listed?.get(job)?.keys() ?? [])].sort(), job).toEqual(scopes);
    expect(permissionsOf(release)).toEqual({ contents: 'read' });
  });

  it('without the allow-list entries every write grant is refused, on its own line', () => {
    const withoutRelease = parseWriteAllowList(
      allowListText.replace(/^ {2}release\.yml:\n(?: {4}.*\n)+/m, ''),
      'allow-list',
    );
    expect(withoutRelease.get('release.yml')).toBeUndefined();
    const lines = text.split('\n');
    const lineOf = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line)) + 1;
    expect(findings(text, withoutRelease).filter((f) => f.startsWith('excess-write-permission'))).toEqual(
      [
        lineOf(/^ {6}packages: write$/),
        lineOf(/^ {6}id-token: write$/),
        lineOf(/^ {6}attestations: write$/),
        lineOf(/^ {6}contents: write$/),
      ].map((line) => `excess-write-permission:${line}`),
    );
  });

  it('a job the allow-list does not name may not widen, even in release.yml', () => {
    const widened = text.replace(
      '    name: verify (version, tests, check-dist)\n',
      '    name: verify (version, tests, check-dist)\n    permissions:\n      contents: write\n',
    );
    const line = widened.split('\n').indexOf('      contents: write') + 1;
    expect(line).toBeGreaterThan(0);
    expect(findings(widened)).toEqual([`excess-write-permission:${line}`]);
  });

  it('the publishing scopes cannot be granted to any other workflow, and no grant without its reason', () => {
    for (const scope of ['contents', 'packages', 'attestations']) {
      expect(() =>
        parseWriteAllowList(
          `write-permissions:\n  ci.yml:\n    lint:\n      ${scope}: to publish\n`,
          'allow-list',
        ),
      ).toThrow(
        new RegExp(
          `ci\\.yml\\.lint\\.${scope}: ${scope} is not a write scope this policy grants; only pull-requests .* id-token .*, and to release\\.yml's jobs contents`,
        ),
      );
      expect(() =>
        parseWriteAllowList(
          `write-permissions:\n  release.yml:\n    publish:\n      ${scope}:\n`,
          'allow-list',
        ),
      ).toThrow(new RegExp(`release\\.yml\\.publish\\.${scope} needs a reason`));
    }
    // Scopes nobody needs stay refused in release.yml too.
    expect(() =>
      parseWriteAllowList(
        'write-permissions:\n  release.yml:\n    release:\n      actions: re-run\n',
        'allow-list',
      ),
    ).toThrow(/actions is not a write scope this policy grants/);
  });
});

describe('release.yml: what it runs', () => {
  // The text as written (GitHub's parser turns a value with ${{ }} inside into format(…)).
  const written = parse(text) as { jobs: Record<string, { steps: Record<string, unknown>[] }> };
  const steps = (job: string) => written.jobs[job]?.steps ?? [];
  const step = (job: string, uses: string) => {
    const found = steps(job).find((s) => String(s.uses ?? '').startsWith(uses));
    if (!found) throw new Error(`${job} has no ${uses} step`);
    return found as { with: Record<string, string>; env?: Record<string, string> };
  };

  it('runs on a pushed v* tag or by hand with a version, never for a pull request', () => {
    const on = (parse(text) as { on: Record<string, unknown> }).on;
    expect(Object.keys(on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(on.push).toEqual({ tags: ['v*'] });
  });

  it('publishes after the tests, releases after the publish; no cache in any job', () => {
    const jobs = (parse(text) as { jobs: Record<string, { needs?: string | string[] }> }).jobs;
    expect(Object.keys(jobs)).toEqual(['verify', 'publish', 'release']);
    expect(jobs.publish?.needs).toBe('verify');
    expect(jobs.release?.needs).toEqual(['verify', 'publish']);
    const runs = steps('verify').map((s) => String(s.run ?? ''));
    expect(runs).toEqual(expect.arrayContaining(['npm test', 'npm run check:dist']));
    const code = text
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');
    expect(code).not.toMatch(/actions\/cache|cache:|cache-from|cache-to/);
  });

  it('pushes two platforms with SBOM and max provenance, attests the digest, and runs exactly that digest', () => {
    expect(step('publish', 'docker/build-push-action').with).toMatchObject({
      platforms: 'linux/amd64,linux/arm64',
      push: true,
      sbom: true,
      provenance: 'mode=max',
      tags: '${{ steps.meta.outputs.tags }}',
      labels: '${{ steps.meta.outputs.labels }}',
    });
    expect(step('publish', 'docker/metadata-action').with.tags).toBe(
      'type=raw,value=${{ needs.verify.outputs.version }}\n' +
        "type=raw,value=${{ needs.verify.outputs.major }},enable=${{ needs.verify.outputs.prerelease == 'false' }}\n",
    );
    expect(step('publish', 'actions/attest-build-provenance').with).toEqual({
      'subject-name': '${{ needs.verify.outputs.image }}',
      'subject-digest': '${{ steps.build.outputs.digest }}',
      'push-to-registry': true,
    });
    const last = steps('publish').at(-1) as { run: string; env: Record<string, string> };
    expect(last.run).toBe('node scripts/release-image.mjs verify --image "$IMAGE@$DIGEST"');
    expect(last.env.DIGEST).toBe('${{ steps.build.outputs.digest }}');
  });

  it('the release job takes its notes from CHANGELOG.md and moves the major tag only for a stable release', () => {
    const runs = steps('release').map((s) => String(s.run ?? ''));
    expect(runs.join('\n')).toContain('node scripts/release-plan.mjs notes --version "$VERSION"');
    const move = steps('release').find((s) => String(s.name ?? '').startsWith('Move the major tag'));
    expect(move?.if).toBe("${{ needs.verify.outputs.prerelease == 'false' }}");
  });
});
