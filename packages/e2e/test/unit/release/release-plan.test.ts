// scripts/release-plan.mjs: the version a release stands for (from the pushed tag or the
// version typed into workflow_dispatch), the image tags and action tag it moves, and the notes
// it publishes (that version's CHANGELOG.md section). Also: this repository's own version has
// its notes, so a tag of it could be released today.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@runevault/action-runner';
import { afterAll, describe, expect, it } from 'vitest';
import {
  changelogSection,
  outputLines,
  releaseVersion,
  VERSIONED_PACKAGES,
} from '../../../../../scripts/release-plan.mjs';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('releaseVersion', () => {
  it('a pushed v1.2.3 tag: version 1.2.3, image tags :1.2.3 and :1, action tag v1', () => {
    expect(releaseVersion({ ref: 'refs/tags/v1.2.3', owner: 'runevault' })).toEqual({
      version: '1.2.3',
      major: '1',
      prerelease: false,
      tag: 'v1.2.3',
      majorTag: 'v1',
      image: 'ghcr.io/runevault/runevault',
      imageTags: ['1.2.3', '1'],
    });
  });

  it('0.x releases move :0 and v0 like any other major', () => {
    const plan = releaseVersion({ ref: 'refs/tags/v0.1.0', owner: 'runevault' });
    expect([plan.imageTags, plan.majorTag]).toEqual([['0.1.0', '0'], 'v0']);
  });

  it('a pre-release is published as itself only: the major tags stay on the last stable release', () => {
    const plan = releaseVersion({ ref: 'refs/tags/v2.0.0-rc.1', owner: 'runevault' });
    expect(plan).toMatchObject({
      version: '2.0.0-rc.1',
      major: '2',
      prerelease: true,
      imageTags: ['2.0.0-rc.1'],
    });
  });

  it('workflow_dispatch: the typed version wins over the ref, with or without its v', () => {
    expect(releaseVersion({ ref: 'refs/heads/main', input: '1.4.0', owner: 'o' }).tag).toBe('v1.4.0');
    expect(releaseVersion({ ref: 'refs/heads/main', input: ' v1.4.0 ', owner: 'o' }).version).toBe('1.4.0');
  });

  it('the image name is lowercase whatever the owner looks like, on the registry given', () => {
    expect(releaseVersion({ input: '1.0.0', owner: 'RuneVault' }).image).toBe('ghcr.io/runevault/runevault');
    expect(releaseVersion({ input: '1.0.0', owner: 'Org', registry: '127.0.0.1:5000' }).image).toBe(
      '127.0.0.1:5000/org/runevault',
    );
  });

  it('refuses what is not a release, in one line that says what to do', () => {
    const refusal = (options: Parameters<typeof releaseVersion>[0]) => {
      try {
        releaseVersion(options);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('no refusal');
    };
    expect(refusal({ ref: 'refs/heads/main', owner: 'o' })).toMatch(
      /ref "refs\/heads\/main" is not a tag; push a tag/,
    );
    expect(refusal({ ref: 'refs/tags/1.2.3', owner: 'o' })).toMatch(/tag "1\.2\.3" does not start with v/);
    for (const bad of ['1.2', '01.2.3', '1.2.3+build.5', '1.2.3-', 'latest', '1.2.3\n::error::x'])
      expect(refusal({ input: bad, owner: 'o' }), bad).toMatch(/is not <major>\.<minor>\.<patch>/);
    // A caller's line break stays visible and cannot start a workflow command.
    const injected = refusal({ input: '1.2.3\n::add-mask::x ##[error]y', owner: 'o' });
    expect(injected.split('\n')).toHaveLength(1);
    expect(injected).not.toContain('##[');
    expect(refusal({ input: '1.2.3', owner: '' })).toMatch(/no repository owner/);
  });

  it('every versioned package.json must say the release version', () => {
    const packageVersions = { 'package.json': '1.2.3', 'packages/vault/package.json': '1.2.2' };
    expect(() => releaseVersion({ ref: 'refs/tags/v1.2.3', owner: 'o', packageVersions })).toThrow(
      /packages\/vault\/package\.json says version "1\.2\.2", the release is 1\.2\.3; set "version": "1\.2\.3"/,
    );
  });

  it('GITHUB_OUTPUT lines, one per value', () => {
    expect(outputLines(releaseVersion({ ref: 'refs/tags/v3.1.4', owner: 'o' }))).toEqual([
      'version=3.1.4',
      'major=3',
      'prerelease=false',
      'tag=v3.1.4',
      'major-tag=v3',
      'image=ghcr.io/o/runevault',
    ]);
  });
});

const CHANGELOG = `# Changelog

Intro text.

## [Unreleased]

### Added

- Something not released.

## [1.2.3] - 2026-05-01

### Fixed

- A fix.
  Over two lines.

## [1.2.2] - 2026-04-01

- Older.

## [1.2.0] - 2026-03-01

[Unreleased]: https://example.com/compare/v1.2.3...HEAD
[1.2.3]: https://example.com/releases/tag/v1.2.3
`;

describe('changelogSection', () => {
  it("one version's section, up to the next heading", () => {
    expect(changelogSection(CHANGELOG, '1.2.3')).toBe('### Fixed\n\n- A fix.\n  Over two lines.');
    expect(changelogSection(CHANGELOG, '1.2.2')).toBe('- Older.');
  });

  it('no section, or an empty one (the link definitions are not notes), is an error', () => {
    expect(() => changelogSection(CHANGELOG, '9.9.9')).toThrow(
      /has no "## \[9\.9\.9\] - YYYY-MM-DD" section/,
    );
    expect(() => changelogSection(CHANGELOG, '1.2.0')).toThrow(/section for 1\.2\.0 is empty/);
  });

  it('a version is matched exactly: the dots are not wildcards and 1.2 is not 1.2.3', () => {
    expect(() => changelogSection(CHANGELOG.replace('[1.2.2]', '[1x2x2]'), '1.2.2')).toThrow(
      /no "## \[1\.2\.2\]/,
    );
    expect(() => changelogSection(CHANGELOG, '1.2')).toThrow(/no "## \[1\.2\]/);
  });
});

describe('this repository', () => {
  it('CHANGELOG.md has notes for the version every package.json says', () => {
    const versions = VERSIONED_PACKAGES.map(
      (file) => (JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as { version: string }).version,
    );
    expect(new Set(versions).size).toBe(1);
    const notes = changelogSection(readFileSync(join(REPO_ROOT, 'CHANGELOG.md'), 'utf8'), versions[0] ?? '');
    expect(notes).toContain('### Added');
  });

  it('the script run as release.yml runs it: outputs to GITHUB_OUTPUT, notes to a file, one-line refusal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-plan-'));
    folders.push(dir);
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const script = join(REPO_ROOT, 'scripts/release-plan.mjs');
    const env = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, GITHUB_REPOSITORY_OWNER: 'RuneVault' };
    const version = spawnSync(process.execPath, [script, 'version', '--ref', 'refs/tags/v0.1.0'], {
      env,
      encoding: 'utf8',
    });
    expect(version.status).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(
      'version=0.1.0\nmajor=0\nprerelease=false\ntag=v0.1.0\nmajor-tag=v0\nimage=ghcr.io/runevault/runevault\n',
    );
    const notesFile = join(dir, 'notes.md');
    const notes = spawnSync(process.execPath, [script, 'notes', '--version', '0.1.0', '--out', notesFile], {
      env,
      encoding: 'utf8',
    });
    expect(notes.status).toBe(0);
    expect(readFileSync(notesFile, 'utf8')).toMatch(/^The first version[\s\S]*### Added[\s\S]*\n$/);
    const wrong = spawnSync(process.execPath, [script, 'version', '--ref', 'refs/tags/v9.9.9'], {
      env,
      encoding: 'utf8',
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^release: package\.json says version "0\.1\.0", the release is 9\.9\.9/),
    ]);
  });
});
