// scripts/skipped-tests.mjs on the JSON a real vitest run writes: a skip says why, CI refuses
// every skip not on the allow list, and a file whose import threw is named with its message.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeSkips,
  filesThatFailedToLoad,
  skippedTests,
  skipsRefusedUnderCi,
} from '../../../../scripts/skipped-tests.mjs';
import { REPO_ROOT } from '../support/repo-paths.js';

const root = mkdtempSync(join(tmpdir(), 'skipped-tests-'));
let results: unknown;

const FIXTURES: Record<string, string> = {
  'test/engine.test.ts': `import { describe, it } from 'vitest';
describe.skipIf(true)('docker driver (skipped: no Docker engine answers at unix:///x)', () => {
  it('starts a container', () => {});
  it('stops it', () => {});
});
it('runs without an engine', () => {});
`,
  'test/root-only.test.ts': `import { describe, it } from 'vitest';
describe('writer', () => {
  it.skipIf(true)('keeps the old content when the directory is read-only', () => {});
});
`,
  'test/needs-engine-under-ci.test.ts': `throw new Error('the image tests needs a Docker engine and CI=true requires one: no answer');
`,
};

beforeAll(() => {
  for (const [file, text] of Object.entries(FIXTURES)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  writeFileSync(
    join(root, 'vitest.config.mjs'),
    'export default { test: { include: ["test/**/*.test.ts"] } };\n',
  );
  const vitest = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
  spawnSync(process.execPath, [vitest, 'run', '--reporter=json', '--outputFile=results.json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '' },
  });
  results = JSON.parse(readFileSync(join(root, 'results.json'), 'utf8'));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const allowRootOnly = [{ file: 'test/root-only.test.ts', test: 'read-only', why: 'root ignores modes' }];

describe('skipped tests in a real vitest run', () => {
  it('finds each skip with the reason from its title, or says it was its own condition', () => {
    const skips = skippedTests(results, root, allowRootOnly);
    expect(skips.map(({ file, reason }) => [file, reason])).toEqual([
      ['test/engine.test.ts', 'no Docker engine answers at unix:///x'],
      ['test/engine.test.ts', 'no Docker engine answers at unix:///x'],
      ['test/root-only.test.ts', 'its own condition (skipIf/runIf/ctx.skip)'],
    ]);
    expect(describeSkips(skips)).toEqual([
      'skipped 2 (test/engine.test.ts): no Docker engine answers at unix:///x',
      'skipped 1 (test/root-only.test.ts): its own condition (skipIf/runIf/ctx.skip)',
    ]);
  });

  it('under CI refuses every skip that is not on the allow list, and nothing outside CI', () => {
    const skips = skippedTests(results, root, allowRootOnly);
    expect(skipsRefusedUnderCi(skips, { CI: 'true' }).map((s) => s.name)).toEqual([
      'docker driver (skipped: no Docker engine answers at unix:///x) starts a container',
      'docker driver (skipped: no Docker engine answers at unix:///x) stops it',
    ]);
    expect(skipsRefusedUnderCi(skips, {})).toEqual([]);
  });

  it('names a file whose import threw, with the first line of its error', () => {
    expect(filesThatFailedToLoad(results, root)).toEqual([
      'test/needs-engine-under-ci.test.ts: the image tests needs a Docker engine and CI=true requires one: no answer',
    ]);
  });
});
