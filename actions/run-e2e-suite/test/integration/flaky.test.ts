// The committed run-e2e-suite bundle against a REAL vault (in this process) behind a rewriting
// gRPC proxy that fails chosen calls: the first GetPublicKey only (a flaky public-key case),
// or every DecryptScores / DecryptMetadata (failing cases, one of them quarantined).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { type ActionRunResult, REPO_ROOT, runAction } from '@runevault/action-runner';
import { STEP_SUMMARY_LIMIT_BYTES } from '@runevault/e2e';
import { type InProcessVault, startInProcessVault } from '@runevault/e2e/test-support/in-process-vault';
import { parseXml } from '@runevault/e2e/test-support/parse-xml';
import { grpcError, startRewritingProxy } from '@runevault/e2e/test-support/rewriting-grpc-proxy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';

// Vendored with the JUnit reporter it checks, in the e2e package.
const SUREFIRE_XSD = readFileSync(
  join(REPO_ROOT, 'packages/e2e/test/fixtures/surefire-test-report-3.0.xsd'),
  'utf8',
);
const PLANTED = 'planted by the proxy ::error::not a command <script>x</script> [link](http://x)';
const dir = mkdtempSync(join(tmpdir(), 'run-e2e-suite-flaky-'));
const cleanups: ActionRunResult[] = [];
let vault: InProcessVault;
let proxy: Awaited<ReturnType<typeof startRewritingProxy>>;
/** How many more GetPublicKey calls the proxy fails; every Decrypt* call fails while `breakDecrypt`. */
let publicKeyFailures = 0;
let breakDecrypt = false;

beforeAll(async () => {
  vault = await startInProcessVault();
  const fail = () => {
    throw grpcError(grpc.status.UNAVAILABLE, PLANTED);
  };
  proxy = await startRewritingProxy(vault.grpcAddress, {
    GetPublicKey: async (request, forward) => {
      if (publicKeyFailures > 0) {
        publicKeyFailures--;
        fail();
      }
      return forward(request);
    },
    DecryptScores: async (request, forward) => (breakDecrypt ? fail() : forward(request)),
    DecryptMetadata: async (request, forward) => (breakDecrypt ? fail() : forward(request)),
  });
}, 180_000);
afterAll(async () => {
  await proxy?.close();
  await vault?.stop();
  await Promise.all(cleanups.map((result) => result.remove()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  publicKeyFailures = 0;
  breakDecrypt = false;
});

async function run(inputs: Record<string, string>): Promise<ActionRunResult> {
  const result = await runAction({
    action: 'run-e2e-suite',
    inputs: { 'grpc-endpoint': proxy.address, 'http-endpoint': vault.httpUrl, token: vault.token, ...inputs },
    timeoutMs: 180_000,
  });
  cleanups.push(result);
  return result;
}

const annotations = (result: ActionRunResult) =>
  result.commands.all
    .filter((c) => c.command === 'error' || c.command === 'warning')
    .map((c) => [c.command, c.properties.title]);

async function surefireValid(path: string) {
  // Surefire's schema has no testsuite timestamp (see junit-retries.test.ts).
  const contents = readFileSync(path, 'utf8').replace(/ timestamp="[^"]*"/, '');
  return validateXML({
    xml: [{ fileName: 'e2e-junit.xml', contents }],
    schema: [{ fileName: 'surefire.xsd', contents: SUREFIRE_XSD }],
  });
}

describe('run-e2e-suite bundle with a case that fails once', () => {
  it('with retries 1 reports it flaky (warning, output, summary, JUnit flakyFailure) and passes', async () => {
    publicKeyFailures = 1;
    const result = await run({ cases: 'health,public-key', retries: '1' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ passed: '2', failed: '0', flaky: '1', 'quarantined-failed': '0' });
    expect(annotations(result)).toEqual([['warning', '05-public-key is flaky']]);
    expect(result.commands.warnings[0]).toMatch(
      /^passed on attempt 2 of 2\nattempt 1: expected GetPublicKey .*UNAVAILABLE/,
    );
    expect(
      result.lines.some((l) => l.startsWith('↻ 05-public-key failed attempt 1 of 2, running it again: ')),
    ).toBe(true);
    expect(result.summary).toContain('| ⚠️ | 05-public-key |');
    expect(result.summary).toContain('#### Flaky cases');
    const junit = parseXml(readFileSync(result.outputs['junit-path'] ?? '', 'utf8'));
    expect(junit.attributes).toMatchObject({ tests: '2', failures: '0' });
    expect(junit.children[1]?.children.map((c) => c.name)).toEqual(['flakyFailure']);
    expect((await surefireValid(result.outputs['junit-path'] ?? '')).errors).toEqual([]);
  }, 200_000);

  it('with fail-on-flaky: true fails the step, with an error on the flaky case', async () => {
    publicKeyFailures = 1;
    const result = await run({ cases: 'public-key', retries: '1', 'fail-on-flaky': 'true' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ failed: '0', flaky: '1' });
    expect(annotations(result)).toEqual([['error', '05-public-key is flaky']]);
    expect(result.lines).toContain('1 flaky case (fail-on-flaky)');
  }, 200_000);

  it('with retries 0 fails the step on it', async () => {
    publicKeyFailures = 1;
    const result = await run({ cases: 'public-key' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ failed: '1', flaky: '0' });
    expect(annotations(result)).toEqual([['error', '05-public-key']]);
  }, 200_000);
});

describe('run-e2e-suite bundle with failing cases, one quarantined, and a huge log', () => {
  let result: ActionRunResult;

  beforeAll(async () => {
    breakDecrypt = true;
    // Forty lines of 200 KB each, multi-byte and hostile: every failure's log excerpt is huge.
    const log = join(dir, 'vault.log');
    const line = `${'日本語🔐'.repeat(20_000)} </details> \`\`\`\` ::warning::x ##[error]y`;
    writeFileSync(log, Array.from({ length: 40 }, () => line).join('\n'));
    result = await run({
      cases: 'health,decrypt-scores,decrypt-metadata',
      retries: '1',
      quarantine: 'decrypt-metadata: the proxy fails every DecryptMetadata on purpose',
      'log-file': log,
    });
  }, 200_000);

  it('fails the step on the failure that is not quarantined, and counts the quarantined one apart', () => {
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ passed: '1', failed: '1', 'quarantined-failed': '1', flaky: '0' });
  });

  it('annotates failures first, then the quarantined failure, within the per-step limits', () => {
    expect(annotations(result)).toEqual([
      ['error', '09-decrypt-scores'],
      ['warning', '10-decrypt-metadata failed (quarantined)'],
    ]);
    expect(result.commands.errors.length).toBeLessThanOrEqual(10);
    expect(result.commands.warnings.length).toBeLessThanOrEqual(10);
    expect(result.commands.errors[0]).toMatch(/\(failed all 2 attempts\)$/);
  });

  it('lists the quarantined case with its reason, and keeps the summary under 1 MiB', () => {
    expect(result.summary).toContain(
      '| 10-decrypt-metadata | the proxy fails every DecryptMetadata on purpose | ❌ failed: ',
    );
    expect(Buffer.byteLength(result.summary)).toBeLessThan(STEP_SUMMARY_LIMIT_BYTES);
    expect(result.summary).toMatch(/\(\d+ earlier bytes cut\) …/);
    expect(result.summary).not.toContain('\ufffd');
    expect(result.summary).not.toContain('<script>');
  });

  it('writes JUnit with a rerunFailure and a quarantined skip, valid against Surefire', async () => {
    const path = result.outputs['junit-path'] ?? '';
    const junit = parseXml(readFileSync(path, 'utf8'));
    expect(junit.attributes).toMatchObject({ tests: '3', failures: '1', skipped: '1' });
    expect(junit.children[1]?.children.map((c) => c.name)).toEqual(['failure', 'rerunFailure']);
    expect(junit.children[2]?.children[0]?.attributes.message).toMatch(
      /^quarantined \(the proxy fails every DecryptMetadata on purpose\): failed: /,
    );
    expect((await surefireValid(path)).errors).toEqual([]);
  });
});
