#!/usr/bin/env node
// What a release is, decided in one tested place and read by release.yml: the version (from the
// v* tag pushed, or the version typed into workflow_dispatch), the image tags and action tag it
// moves, and the release notes (that version's section of CHANGELOG.md). Plain JavaScript with
// no dependencies, so the release job runs it without `npm ci`.
//
//   node scripts/release-plan.mjs version [--ref REF] [--input VERSION] [--owner OWNER]
//       prints version=… major=… prerelease=… tag=… major-tag=… image=… (and appends them to
//       $GITHUB_OUTPUT when set). REF defaults to $GITHUB_REF, OWNER to $GITHUB_REPOSITORY_OWNER.
//   node scripts/release-plan.mjs notes --version VERSION [--changelog CHANGELOG.md] [--out FILE]
//       that version's section of the changelog (to FILE, else stdout).
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The files whose "version" a release must match: the toolkit and the vault it publishes. */
export const VERSIONED_PACKAGES = ['package.json', 'packages/vault/package.json'];

// semver 2.0.0 without build metadata: a Docker tag cannot hold "+".
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

/**
 * Caller text in a one-line message: JSON-quoted (a line break or quote shows as itself) and
 * with the runner's legacy command marker broken, as actions/common/src/log-safe.ts does.
 */
const quoted = (text) => JSON.stringify(text.slice(0, 120)).replace(/##\[/g, '##\\u005b');

/**
 * The release a ref or a typed version stands for. A pre-release (1.2.0-rc.1) is published as
 * itself only: the major tags (`:1`, `v1`) keep pointing at the last stable release.
 * `packageVersions` maps a file name to its "version"; each must equal the release's. The image
 * is <registry>/<owner>/runevault (GHCR unless a test names its own registry).
 */
export function releaseVersion({ ref, input, owner, registry = 'ghcr.io', packageVersions }) {
  let text;
  if (input !== undefined && input.trim() !== '') {
    text = input.trim().replace(/^v/, '');
  } else {
    const tag = /^refs\/tags\/(.+)$/.exec(ref ?? '')?.[1];
    if (tag === undefined)
      throw new Error(
        `release: ref ${quoted(ref ?? '')} is not a tag; push a tag v<major>.<minor>.<patch> or run the workflow with a version`,
      );
    if (!tag.startsWith('v'))
      throw new Error(
        `release: tag ${quoted(tag)} does not start with v; release tags are v<major>.<minor>.<patch>`,
      );
    text = tag.slice(1);
  }
  const match = SEMVER.exec(text);
  if (!match)
    throw new Error(
      `release: version ${quoted(text)} is not <major>.<minor>.<patch>[-pre-release] (semver, no +build); e.g. 1.2.3 or 1.3.0-rc.1`,
    );
  const version = text;
  const major = match[1];
  const prerelease = match[4] !== undefined;
  for (const [file, found] of Object.entries(packageVersions ?? {})) {
    if (found !== version)
      throw new Error(
        `release: ${file} says version ${quoted(String(found))}, the release is ${version}; set "version": "${version}" there (and in CHANGELOG.md) in the commit you tag`,
      );
  }
  if (owner === undefined || owner === '')
    throw new Error(
      'release: no repository owner for the image name; pass --owner or set GITHUB_REPOSITORY_OWNER',
    );
  return {
    version,
    major,
    prerelease,
    tag: `v${version}`,
    majorTag: `v${major}`,
    // Image names must be lowercase; an owner's display case is not.
    image: `${registry}/${owner.toLowerCase()}/runevault`,
    imageTags: prerelease ? [version] : [version, major],
  };
}

/**
 * The body of `## [version]` in a Keep a Changelog file (up to the next `## ` heading or the
 * link definitions at the end), trimmed. A missing or empty section is an error: a release
 * without notes is a release nobody can read.
 */
export function changelogSection(text, version) {
  const lines = text.split(/\r?\n/);
  const heading = new RegExp(`^## \\[${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\](?:\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0)
    throw new Error(
      `release: CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section; add one (move the Unreleased entries under it)`,
    );
  let end = lines.findIndex(
    (line, index) => index > start && (/^## /.test(line) || /^\[[^\]]+\]:\s/.test(line)),
  );
  if (end < 0) end = lines.length;
  const body = lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
  if (body === '')
    throw new Error(
      `release: the CHANGELOG.md section for ${version} is empty; say what changed before releasing`,
    );
  return body;
}

/** `key=value` lines as GITHUB_OUTPUT reads them (every value here is one line). */
export function outputLines(plan) {
  return [
    `version=${plan.version}`,
    `major=${plan.major}`,
    `prerelease=${plan.prerelease}`,
    `tag=${plan.tag}`,
    `major-tag=${plan.majorTag}`,
    `image=${plan.image}`,
  ];
}

function readPackageVersions(root) {
  return Object.fromEntries(
    VERSIONED_PACKAGES.map((file) => [file, JSON.parse(readFileSync(join(root, file), 'utf8')).version]),
  );
}

/** Writes whole or not at all: a reader never sees half a notes file. */
function writeFileAtomic(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

function main(argv) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      ref: { type: 'string' },
      input: { type: 'string' },
      owner: { type: 'string' },
      version: { type: 'string' },
      changelog: { type: 'string' },
      out: { type: 'string' },
      root: { type: 'string' },
    },
  });
  const root = values.root ?? REPO_ROOT;
  if (command === 'version') {
    const plan = releaseVersion({
      ref: values.ref ?? process.env.GITHUB_REF,
      input: values.input,
      owner: values.owner ?? process.env.GITHUB_REPOSITORY_OWNER,
      packageVersions: readPackageVersions(root),
    });
    const lines = outputLines(plan);
    for (const line of lines) console.log(line);
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
    return;
  }
  if (command === 'notes') {
    if (!values.version) throw new Error('release: notes needs --version VERSION');
    const changelog = values.changelog ?? join(root, 'CHANGELOG.md');
    const notes = `${changelogSection(readFileSync(changelog, 'utf8'), values.version)}\n`;
    if (values.out) writeFileAtomic(values.out, notes);
    else process.stdout.write(notes);
    return;
  }
  throw new Error(
    `release: unknown command ${quoted(command ?? '')}; use version or notes (see the header of this script)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
