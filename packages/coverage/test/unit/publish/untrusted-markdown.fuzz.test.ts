// Markdown a fork writes, posted with the base repository's token: whatever it holds, the
// comment carries no raw HTML (but the paired <details>/<summary>/<sub> merge-coverage writes),
// no live mention, no link or image to a URL of the fork's choosing, no cross-reference, no
// code fence, and keeps our footer last; and none of its lines could act as a workflow command
// if a log ever printed it.

import { fuzzBudget, fuzzTestTimeout } from '@runevault/vault/test-support/fuzz-budget';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSafeLines } from '../../../../../actions/common/src/log-safe.js';
import { reportCommentBody } from '../../../src/publish/publish-report.js';
import { neutraliseMarkdown } from '../../../src/publish/untrusted-markdown.js';

const SERVER = 'https://github.com';
const REPOSITORY = 'runevault/runevault';

const pieces = fc.constantFrom(
  '[x](https://evil.example/a)',
  '![p](http://evil.example/p.png)',
  '[r]: https://evil.example',
  '[r]',
  '[a][r]',
  '<https://evil.example>',
  'https://evil.example/x',
  'www.evil.example',
  'HTTP://EVIL.EXAMPLE',
  'http:\\/\\/evil.example',
  'http:&#47;&#47;evil.example',
  'WWW.evil.example',
  '_www.evil.example',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">',
  '<!-- runevault/report: ci -->',
  '<details>',
  '</details>',
  '<summary>',
  '</summary>',
  '<sub>',
  '</sub>',
  '<details open>',
  '<DETAILS>',
  '<!DOCTYPE html>',
  '<?xml?>',
  '</div>',
  '&lt;script&gt;',
  '&#60;b&#62;',
  '@octocat',
  '@org/team',
  'mail@example.com',
  '&#64;octocat',
  '#12',
  'owner/repo#34',
  'GH-56',
  'gh-7',
  '```',
  '~~~',
  '````js',
  '`',
  '``',
  '\\',
  '\\[',
  '\\]',
  '\\<',
  '\\@',
  '|',
  '>',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '::set-output name=x::y',
  '::add-mask::secret',
  '::error::pwned',
  '##[group]g',
  '\u2028',
  '\u202e',
  '\u0000',
  '\u200b',
  ' ',
  '    ',
  'text',
  '| a | b |',
  '- [ ] task',
  '[^1]',
  '[^1]: note',
  ':',
  '/',
  '//',
  ']',
  '(',
  ')',
);
const markdown = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: pieces },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    ),
    {
      maxLength: 40,
    },
  )
  .map((parts) => parts.join(''));

const ZW = '\u200B';
/** What would make a link, an embed, a ping or a block that swallows what follows. */
function hazards(text: string): string[] {
  const found: string[] = [];
  const tags = text.match(/<[A-Za-z!?/][^>]*>?/g) ?? [];
  for (const tag of tags) if (!/^<\/?(details|summary|sub)>$/.test(tag)) found.push(`raw HTML ${tag}`);
  if (/<[A-Za-z][\w+.-]*:/.test(text)) found.push('an autolink');
  if (/[a-z][\w+.-]*:[/\\]/i.test(text)) found.push('a URL scheme');
  if (/www\./i.test(text)) found.push('a www. autolink');
  if (/\]\s*[([:]/.test(text)) found.push('link syntax');
  if (/@[\w-]/.test(text)) found.push('a mention');
  if (/#\d|GH-\d/i.test(text)) found.push('a cross-reference');
  if (/&[#a-z]/i.test(text)) found.push('an entity');
  if (/```|~~~/.test(text)) found.push('a fence');
  return found;
}

describe('neutraliseMarkdown (fuzzed with hostile pieces)', () => {
  it(
    'leaves no hazard, whatever the fork writes',
    () => {
      fc.assert(
        fc.property(markdown, (text) => {
          const { markdown: safe } = neutraliseMarkdown(text, 60_000);
          expect(hazards(safe)).toEqual([]);
          // The paired kept tags really pair up.
          const opened: string[] = [];
          for (const [, closing, name] of safe.matchAll(/<(\/?)(details|summary|sub)>/g)) {
            if (!closing) opened.push(name as string);
            else expect(opened.pop()).toBe(name);
          }
          expect(opened).toEqual([]);
        }),
        fuzzBudget(600),
      );
    },
    fuzzTestTimeout(),
  );

  it(
    'the whole comment: hazards only in our own footer, which stays last',
    () => {
      fc.assert(
        fc.property(
          markdown,
          fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
          (text, claimed) => {
            const body = reportCommentBody({
              untrustedMarkdown: text,
              runId: 42,
              headSha: 'a'.repeat(40),
              serverUrl: SERVER,
              repository: REPOSITORY,
              pullRequest: 7,
              claimedPullRequest: claimed,
            });
            const footerStart = body.lastIndexOf('\n---\n<sub>Published by the report workflow');
            expect(footerStart).toBeGreaterThan(-1);
            expect(body.slice(footerStart)).not.toContain('\n\n');
            expect(hazards(body.slice(0, footerStart))).toEqual([]);
            // The only link is ours, to this repository's run.
            const links = [...body.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1]);
            expect(links).toEqual([`${SERVER}/${REPOSITORY}/actions/runs/42`]);
            // As log text, no line could start a workflow command.
            for (const line of logSafeLines(body).split('\n')) {
              expect(line).not.toMatch(/^[\s\p{Zs}]*::/u);
              expect(line).not.toContain('##[');
            }
          },
        ),
        fuzzBudget(300),
      );
    },
    fuzzTestTimeout(),
  );

  it('keeps a report readable: text as written, the tables and collapsed sections of merge-coverage', () => {
    const report = [
      '### Coverage',
      '',
      '| Metric | Coverage |',
      '|:--|--:|',
      '| Lines | 80.00% |',
      '',
      '<details><summary>Files (2), worst first</summary>',
      '',
      '| `src/a.ts` | 50.00% |',
      '',
      '</details>',
      '',
      '<sub>Merged 2 report(s)</sub>',
    ].join('\n');
    expect(neutraliseMarkdown(report, 60_000)).toEqual({ markdown: report, cut: false });
    const hostile = neutraliseMarkdown('see [here](https://evil.example) @octocat <b>', 60_000).markdown;
    expect(hostile).toBe(`see [here]${ZW}(https:${ZW}//evil.example) @${ZW}octocat <${ZW}b>`);
    expect(hostile.replaceAll(ZW, '')).toBe('see [here](https://evil.example) @octocat <b>');
  });

  it('cuts at a line end, closing what the cut left open', () => {
    const long = `<details><summary>x</summary>\n\n${'| row |\n'.repeat(100)}</details>`;
    const { markdown: cut, cut: wasCut } = neutraliseMarkdown(long, 200);
    expect(wasCut).toBe(true);
    expect(cut.length).toBeLessThan(260);
    expect(cut.endsWith('\n</details>')).toBe(true);
  });
});
