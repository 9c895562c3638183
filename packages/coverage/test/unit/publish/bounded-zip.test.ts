// The artifact reader against archives a real zip writer made, honest and hostile.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBoundedZip, UnsafeArchiveError, type ZipLimits } from '../../../src/publish/bounded-zip.js';
import { makeZip } from '../../support/zip-archives.js';

const limits: ZipLimits = { maxEntries: 8, maxFileBytes: 64 * 1024, maxTotalBytes: 96 * 1024 };
const refusal = (zip: Buffer) => {
  try {
    readBoundedZip(zip, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsafeArchiveError);
    return (error as Error).message;
  }
  throw new Error('the archive was accepted');
};

describe('readBoundedZip', () => {
  it('reads the files of an honest archive, folders left out', () => {
    const files = readBoundedZip(
      makeZip([
        { name: 'comment.md', text: '### Coverage\n| a | b |\n' },
        { name: 'report.json', text: '{"schema":1}' },
        { name: 'nested/', text: '' },
        { name: 'nested/e2e-junit.xml', text: '<testsuites/>' },
      ]),
      limits,
    );
    expect([...files.keys()]).toEqual(['comment.md', 'report.json', 'nested/e2e-junit.xml']);
    expect(files.get('comment.md')?.toString()).toBe('### Coverage\n| a | b |\n');
  });

  it('refuses names that leave the archive, absolute names and backslashes', () => {
    expect(refusal(makeZip([{ name: '../comment.md', text: 'x' }]))).toBe(
      'entry "../comment.md" leaves the archive (path traversal)',
    );
    expect(refusal(makeZip([{ name: 'a/../../etc/passwd', text: 'x' }]))).toMatch(/path traversal/);
    expect(refusal(makeZip([{ name: '/etc/cron.d/x', text: 'x' }]))).toBe(
      'entry "/etc/cron.d/x" is an absolute path',
    );
    expect(refusal(makeZip([{ name: '..\\x', text: 'x' }]))).toMatch(/backslash/);
  });

  it('refuses symbolic links', () => {
    expect(refusal(makeZip([{ name: 'comment.md', symlinkTo: '/proc/self/environ' }]))).toBe(
      'entry "comment.md" is a symbolic link',
    );
  });

  it('refuses too many entries, an oversized file and too much in all', () => {
    const many = Array.from({ length: 9 }, (_, index) => ({ name: `f${index}`, text: 'x' }));
    expect(refusal(makeZip(many))).toBe('has 9 entries, over the limit of 8');
    expect(refusal(makeZip([{ name: 'big', zeros: 64 * 1024 + 1 }]))).toBe(
      'entry "big" is 65537 bytes, over the limit of 65536 per file',
    );
    expect(
      refusal(
        makeZip([
          { name: 'a', zeros: 60_000 },
          { name: 'b', zeros: 60_000 },
        ]),
      ),
    ).toBe('the files add up to over 98304 bytes (at entry "b")');
  });

  it('stops inflating a bomb that lies about its size', () => {
    // 50 MB of zeros that declares 10 bytes: inflation stops at the per-file limit.
    const bomb = makeZip([{ name: 'comment.md', zeros: 50 * 1024 * 1024, declareSize: 10 }]);
    expect(bomb.length).toBeLessThan(100_000);
    expect(refusal(bomb)).toBe(
      'entry "comment.md" inflates past 65536 bytes though it declares 10 (a zip bomb)',
    );
  });

  it('refuses a file that is smaller than it declares, and what is not a zip', () => {
    expect(refusal(makeZip([{ name: 'a', text: 'short', declareSize: 100 }]))).toBe(
      'entry "a" holds 5 bytes but declares 100',
    );
    expect(refusal(deflateRawSync(Buffer.from('not a zip')))).toBe(
      'is not a zip archive (no end of central directory)',
    );
  });

  it('escapes a hostile name in its message', () => {
    expect(refusal(makeZip([{ name: '../\u202e::add-mask::x', text: 'x' }]))).toBe(
      'entry "../\\u202e::add-mask::x" leaves the archive (path traversal)',
    );
  });
});
