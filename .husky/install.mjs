// The root package's `prepare` script: on `npm ci` in a contributor's clone, husky points
// git's core.hooksPath at .husky/_ so .husky/pre-commit (the secret scan) runs on every commit.
// Husky's own recipe for skipping CI and production installs, made silent: npm ci stays one
// line, and nothing here may fail an install, so each case where hooks cannot or should not
// be installed ends with exit 0.
import { existsSync } from 'node:fs';

// CI runners (GitHub sets CI=true) never commit; other CI systems spell it 1 or yes.
const ci = process.env.CI ?? '';
if (ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') process.exit(0);

// A tarball or a copy of the sources has no .git: there is no repository to hook.
if (!existsSync('.git')) process.exit(0);

let husky;
try {
  ({ default: husky } = await import('husky'));
} catch {
  // `npm ci --omit=dev` leaves husky (a devDependency) out; such an install commits nothing.
  process.exit(0);
}

let outcome;
try {
  outcome = husky('.husky');
} catch (error) {
  // husky writes .husky/_ with plain fs calls: a read-only checkout throws here.
  outcome = error?.message ?? String(error);
}
// Husky answers '' when it installed, and a reason when it skipped or failed. HUSKY=0 and a
// missing git are choices or states of this machine; anything else (git refusing the config
// write, a read-only .husky) is worth one line, as the hook will not run.
if (outcome !== '' && outcome !== 'HUSKY=0 skip install' && outcome !== 'git command not found') {
  const reason = String(outcome)
    .trim()
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
  console.warn(
    `git hooks not installed (${reason}): commits will not be scanned for secrets; ` +
      'fix that and run `npm run prepare`, see docs/security.md',
  );
}
