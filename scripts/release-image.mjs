#!/usr/bin/env node
// The image half of a release on one Docker engine (see packages/vault-image/src/
// publish-image.ts and verify-published-image.ts). release.yml runs `verify` after its Buildx
// push; `publish` is the single-platform push that runs anywhere (and in the loopback test).
//
//   node scripts/release-image.mjs publish --version 1.2.3 --owner OWNER [--registry ghcr.io]
//       [--image runevault:dev] [--source https://github.com/OWNER/REPO] [--revision SHA]
//       [--created ISO-8601] [--licenses SPDX]
//     labels the local image, pushes <registry>/<owner>/runevault:<version> and :<major>
//     (not :<major> for a pre-release), prints digest=sha256:… and reference=…@sha256:…
//   node scripts/release-image.mjs verify --image NAME@sha256:DIGEST [--health-timeout-ms N]
//     pulls exactly that digest, runs it on free loopback ports until /health answers 200
//     and its OCI labels are there, removes the container.
//
// Credentials for the registry come from REGISTRY_USERNAME and REGISTRY_PASSWORD (the
// password is masked in GitHub's log and never printed). Outputs also go to $GITHUB_OUTPUT.
// Exit 1 with one line on any failure.
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { releaseVersion } from './release-plan.mjs';

const here = import.meta.url;
const load = (path) => tsImport(path, here);

function credentials(env) {
  const username = env.REGISTRY_USERNAME ?? '';
  const password = env.REGISTRY_PASSWORD ?? '';
  if (username === '' && password === '') return undefined;
  if (username === '' || password === '')
    throw new Error('set both REGISTRY_USERNAME and REGISTRY_PASSWORD, or neither (anonymous)');
  // A workflow command, so the runner masks it even if some tool echoed it.
  if (env.GITHUB_ACTIONS === 'true') console.log(`::add-mask::${password}`);
  return { username, password };
}

function output(lines) {
  for (const line of lines) console.log(line);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
}

async function checkReference(text, what) {
  const { parseImageReference } = await load('../actions/common/src/docker-reference.ts');
  const { quoteInput } = await load('../actions/common/src/log-safe.ts');
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(`${what} ${quoteInput(text)} is not an image reference: ${parsed.reason}`);
  return parsed.reference;
}

async function publish(values, env) {
  if (!values.version) throw new Error('publish needs --version (e.g. 1.2.3)');
  const plan = releaseVersion({
    input: values.version,
    owner: values.owner ?? env.GITHUB_REPOSITORY_OWNER,
    registry: values.registry ?? 'ghcr.io',
  });
  const image = values.image ?? 'runevault:dev';
  await checkReference(image, 'image');
  await checkReference(`${plan.image}:${plan.version}`, 'target');
  const repository = env.GITHUB_REPOSITORY;
  const source =
    values.source ??
    (repository ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}` : undefined);
  if (!source) throw new Error('publish needs --source https://github.com/OWNER/REPO (or GITHUB_REPOSITORY)');
  const revision =
    values.revision ??
    env.GITHUB_SHA ??
    execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const { ociLabels, publishVaultImage } = await load('@runevault/vault-image/release');
  const labels = ociLabels({
    source,
    version: plan.version,
    revision,
    created: values.created ? new Date(values.created) : new Date(),
    ...(values.licenses ? { licenses: values.licenses } : {}),
  });
  const published = await publishVaultImage({
    image,
    repository: plan.image,
    tags: plan.imageTags,
    labels,
    auth: credentials(env),
    log: (line) => console.log(`release-image: ${line}`),
  });
  output([`digest=${published.digest}`, `reference=${plan.image}@${published.digest}`]);
}

async function verify(values, env) {
  if (!values.image) throw new Error('verify needs --image NAME@sha256:DIGEST');
  await checkReference(values.image, 'image');
  const { verifyPublishedImage } = await load('@runevault/vault-image/release');
  const timeout = values['health-timeout-ms'] ? Number(values['health-timeout-ms']) : undefined;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0))
    throw new Error('--health-timeout-ms must be a positive whole number of milliseconds');
  const verified = await verifyPublishedImage({
    reference: values.image,
    auth: credentials(env),
    ...(timeout ? { healthDeadlineMs: timeout } : {}),
    log: (line) => console.log(`release-image: ${line}`),
  });
  output([`image-id=${verified.imageId}`, `healthy-ms=${verified.startToHealthyMs}`]);
}

export async function main(argv, env = process.env) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      version: { type: 'string' },
      owner: { type: 'string' },
      registry: { type: 'string' },
      image: { type: 'string' },
      source: { type: 'string' },
      revision: { type: 'string' },
      created: { type: 'string' },
      licenses: { type: 'string' },
      'health-timeout-ms': { type: 'string' },
    },
  });
  if (command === 'publish') return publish(values, env);
  if (command === 'verify') return verify(values, env);
  throw new Error(`unknown command ${JSON.stringify(command ?? '')}; use publish or verify`);
}

if (process.argv[1] && fileURLToPath(here) === process.argv[1]) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    const { logSafe, logSafeLines } = await load('../actions/common/src/log-safe.ts');
    // A container that never got healthy: its log first (folded in GitHub's log), then the line.
    if (error?.logs) {
      const folded = process.env.GITHUB_ACTIONS === 'true';
      if (folded) console.log('::group::the container log');
      console.log(logSafeLines(error.logs));
      if (folded) console.log('::endgroup::');
    }
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.error(`release-image: ${logSafe(message)}`);
    process.exit(1);
  }
}
