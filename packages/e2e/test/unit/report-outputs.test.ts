import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, writeReportOutputs } from '../../src/report-outputs.js';
import { SAMPLE_SUITE, suiteOf } from '../support/suite-fixtures.js';

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

const made: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-out-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('writeReportOutputs', () => {
  it('prints the console report and writes JUnit (creating folders) and appends the summary', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, 'earlier step\n');
    const stdout = sink();
    const stderr = sink();
    await writeReportOutputs(SAMPLE_SUITE, {
      junitPath: join(dir, 'deep', 'junit.xml'),
      summaryPath: summary,
      stdout,
      stderr,
    });
    expect(stdout.text()).toContain('✗ 05-public-key  340 ms');
    expect(stderr.text()).toBe('');
    expect(readFileSync(join(dir, 'deep', 'junit.xml'), 'utf8')).toContain('<testsuite name="runevault-e2e"');
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('earlier step\n### runevault e2e')).toBe(true);
  });

  it('--json: JSON on stdout, the readable report on stderr', async () => {
    const stdout = sink();
    const stderr = sink();
    await writeReportOutputs(SAMPLE_SUITE, { json: true, stdout, stderr });
    expect(JSON.parse(stdout.text())).toEqual(SAMPLE_SUITE);
    expect(stderr.text()).toContain('1 passed, 1 failed, 1 skipped');
  });

  it('names the path it could not write, after printing the results', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const stdout = sink();
    await expect(
      writeReportOutputs(SAMPLE_SUITE, { junitPath: join(blocker, 'junit.xml'), stdout, stderr: sink() }),
    ).rejects.toThrow(`could not write JUnit report ${join(blocker, 'junit.xml')}`);
    expect(stdout.text()).toContain('01-health');
  });
});

describe('exitCodeFor', () => {
  it('is 1 only when a case failed', () => {
    expect(exitCodeFor(SAMPLE_SUITE)).toBe(1);
    expect(exitCodeFor(suiteOf([{ id: 16, name: 'tls', status: 'skipped', durationMs: 0 }]))).toBe(0);
  });
});
