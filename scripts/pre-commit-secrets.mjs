// The pre-commit secret scan (.husky/pre-commit runs it): secretlint, with the repository's
// .secretlintrc.json and .secretlintignore, over what the commit will contain, that is the
// staged blobs of the files the commit adds, copies or modifies, never the working tree.
// Binary files go to secretlint as in the lint job (it tells them apart by name and content: its
// text rules skip them, its .p12 rule reads them), so what this hook lets through, that scan
// lets through too, files over MAX_FILE_BYTES aside. Exit 0: nothing found; 1: a secret was found (the commit is
// refused); 2: the scan could not run (also refused: an unscanned commit is what this hook
// exists to stop).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

const NAME = 'secret scan (pre-commit)';
// Larger files are left to the lint job's full scan: a commit should not wait on, or hold in
// memory, a generated blob of that size (the bundles committed today are under 5 MiB).
const MAX_FILE_BYTES = 10 * 1024 * 1024;
// Blob contents read from git per batch, so a huge commit is read a slice at a time.
const BATCH_BYTES = 64 * 1024 * 1024;
const CONFIG_FILE = '.secretlintrc.json';
const IGNORE_FILE = '.secretlintignore';
const DEFAULT_CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] };
const WHAT_TO_DO =
  'remove the secret from the file and `git add` it again (revoke it at its provider if it ever left ' +
  'this machine); if it is not a secret, build the value at run time as the tests do, or add the file ' +
  `to ${IGNORE_FILE} under a "# reason:" line (docs/security.md, "The allow list")`;

class ScanError extends Error {}

// A path or message on one visible line: controls, line separators and bidi overrides become
// \uXXXX (the escaping of actions/common/src/log-safe.ts, restated: a git hook runs plain node,
// without the TypeScript loader that module needs).
const UNSAFE = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const printable = (text) =>
  text.replace(UNSAFE, (c) => `\\u${c.codePointAt(0).toString(16).padStart(4, '0')}`);

function git(args, input) {
  const result = spawnSync('git', args, { input, maxBuffer: BATCH_BYTES * 2 });
  if (result.error || result.status !== 0) {
    const why = result.error?.message ?? result.stderr.toString('utf8').trim().split('\n')[0];
    throw new ScanError(`git ${args[0]} failed (${printable(why)})`);
  }
  return result.stdout;
}

/** Regular files the commit adds, copies, modifies or retypes: { path, sha }. */
function stagedFiles() {
  // --no-renames: a renamed file counts as added, so its (possibly edited) content is scanned.
  const raw = git(['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMT']);
  const fields = raw.toString('utf8').split('\0');
  const files = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    // ":<old mode> <new mode> <old sha> <new sha> <status>", then the path
    const [, newMode, , newSha] = fields[i].slice(1).split(' ');
    // 100644/100755 are files; 120000 (a symlink's target) and 160000 (a submodule) are not content.
    if (newMode === '100644' || newMode === '100755') files.push({ path: fields[i + 1], sha: newSha });
  }
  return files;
}

/** Sizes of the named objects (a sha or ":path" in the index); absent ones are left out. */
function objectSizes(names) {
  const sizes = new Map();
  if (names.length === 0) return sizes;
  const lines = git(['cat-file', '--batch-check'], `${names.join('\n')}\n`)
    .toString('utf8')
    .split('\n');
  names.forEach((name, i) => {
    const match = /^[0-9a-f]+ blob (\d+)$/.exec(lines[i] ?? '');
    if (match) sizes.set(name, Number(match[1]));
  });
  return sizes;
}

/** Contents of the named objects, read in batches of at most BATCH_BYTES. */
function* objectContents(names, sizes) {
  let batch = [];
  let batchBytes = 0;
  const flush = function* () {
    if (batch.length === 0) return;
    const out = git(['cat-file', '--batch'], `${batch.join('\n')}\n`);
    let at = 0;
    for (const name of batch) {
      // "<sha> blob <size>\n<content>\n"
      const headerEnd = out.indexOf(10, at);
      const size = Number(out.subarray(at, headerEnd).toString('latin1').split(' ')[2]);
      yield [name, out.subarray(headerEnd + 1, headerEnd + 1 + size)];
      at = headerEnd + 1 + size + 1;
    }
    batch = [];
    batchBytes = 0;
  };
  for (const name of names) {
    const size = sizes.get(name) ?? 0;
    if (batch.length > 0 && batchBytes + size > BATCH_BYTES) yield* flush();
    batch.push(name);
    batchBytes += size;
  }
  yield* flush();
}

/** An allow-list entry without a "# reason:" comment in the comment block right above it. */
function unreasonedIgnoreEntry(text) {
  let reasoned = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') reasoned = false;
    else if (trimmed.startsWith('#')) reasoned ||= /^#\s*reason:\s*\S/i.test(trimmed);
    else if (!reasoned) return trimmed;
  }
  return undefined;
}

async function loadSecretlint() {
  try {
    return (await import('secretlint')).runSecretLint;
  } catch (error) {
    throw new ScanError(`cannot load secretlint (${printable(error.code ?? error.message)}); run \`npm ci\``);
  }
}

/** Writes the staged content to a scratch tree and runs secretlint there; returns findings. */
async function scan(files) {
  const configNames = [`:${CONFIG_FILE}`, `:${IGNORE_FILE}`];
  const sizes = objectSizes([...configNames, ...files.map((file) => file.sha)]);
  const skipped = [];
  const toRead = [];
  for (const file of files) {
    const size = sizes.get(file.sha) ?? 0;
    if (size > MAX_FILE_BYTES) skipped.push({ path: file.path, size });
    else toRead.push(file);
  }
  for (const { path, size } of skipped) {
    console.error(
      `${NAME}: not scanned, over ${MAX_FILE_BYTES / 1024 / 1024} MiB: ${printable(path)} ` +
        `(${(size / 1024 / 1024).toFixed(1)} MiB); the lint job's \`npm run lint:secrets\` scans it`,
    );
  }
  if (toRead.length === 0) return [];

  const root = mkdtempSync(join(tmpdir(), 'pre-commit-secrets-'));
  try {
    const pathsBySha = new Map();
    for (const file of toRead) pathsBySha.set(file.sha, [...(pathsBySha.get(file.sha) ?? []), file.path]);
    const names = [...configNames.filter((name) => sizes.has(name)), ...pathsBySha.keys()];
    const scanned = [];
    for (const [name, content] of objectContents(names, sizes)) {
      const paths = name.startsWith(':') ? [name.slice(1)] : pathsBySha.get(name);
      for (const path of paths) {
        mkdirSync(join(root, dirname(path)), { recursive: true, mode: 0o700 });
        // The copy may hold the very secret being looked for: readable by this user only.
        writeFileSync(join(root, path), content, { mode: 0o600 });
        if (!name.startsWith(':')) scanned.push(path);
      }
    }
    if (scanned.length === 0) return [];
    const hasIgnore = sizes.has(`:${IGNORE_FILE}`);
    if (hasIgnore) {
      const entry = unreasonedIgnoreEntry(readFileSync(join(root, IGNORE_FILE), 'utf8'));
      if (entry !== undefined) {
        throw new ScanError(
          `${IGNORE_FILE} entry ${printable(JSON.stringify(entry))} has no "# reason:" comment above it; ` +
            'say why the file may hold a secret-like value, or remove the entry',
        );
      }
    }

    const runSecretLint = await loadSecretlint();
    const config = sizes.has(`:${CONFIG_FILE}`)
      ? { configFilePath: join(root, CONFIG_FILE) }
      : { configFileJSON: DEFAULT_CONFIG };
    let result;
    try {
      result = await runSecretLint({
        cliOptions: {
          cwd: root,
          filePathOrGlobList: scanned,
          noGlob: true,
          ...(hasIgnore ? { ignoreFilePath: join(root, IGNORE_FILE) } : {}),
        },
        engineOptions: {
          cwd: root,
          formatter: 'json',
          color: false,
          terminalLink: false,
          maskSecrets: true,
          ...config,
        },
      });
    } catch (error) {
      const why = String(error?.message ?? error).split('\n')[0];
      throw new ScanError(`secretlint could not run (${printable(why)}); check ${CONFIG_FILE}`);
    }
    const findings = [];
    for (const report of JSON.parse(result.stdout ?? '[]')) {
      const path = relative(root, report.filePath).split(sep).join('/');
      for (const message of report.messages) findings.push({ path, ...message });
    }
    return findings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function describe(finding) {
  const { line, column } = finding.loc.start;
  // maskSecrets turns each secret into a run of '*' as long as it: shorten to '***' so the
  // message does not even give away the length.
  const message = finding.message.replace(/\*{3,}/g, '***');
  return (
    `${printable(finding.path)}:${line}:${column + 1}: ${finding.messageId} ` +
    `(${finding.ruleId}): ${printable(message)}`
  );
}

async function main() {
  const files = stagedFiles();
  if (files.length === 0) return 0;
  const findings = await scan(files);
  if (findings.length === 0) return 0;
  const count = findings.length === 1 ? 'a secret' : `${findings.length} secrets`;
  console.error(`${NAME}: commit refused, the staged files hold ${count} (masked here):`);
  for (const finding of findings) console.error(`  ${describe(finding)}`);
  console.error(`${NAME}: ${WHAT_TO_DO}`);
  return 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  // One line, never a stack: a ScanError says what to do; anything else is a bug of this script.
  const why =
    error instanceof ScanError
      ? error.message
      : `${printable(String(error?.message ?? error).split('\n')[0])} (a bug in scripts/pre-commit-secrets.mjs)`;
  console.error(`${NAME}: commit refused, the scan could not run: ${why}`);
  process.exitCode = 2;
}
