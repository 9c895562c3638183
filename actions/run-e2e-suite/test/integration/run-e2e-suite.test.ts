// The committed bundle actions/run-e2e-suite/dist/index.js, run by node the way the runner
// runs it, against a real vault started by the process driver (endpoints, token, log file and
// admin socket as inputs).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ActionRunResult, REPO_ROOT, runAction } from '@runevault/action-runner';
import { freePort, type ProcessVault, startProcessVault } from '@runevault/e2e/drivers';
import { ALL_CASES, caseLabel } from '@runevault/e2e/suite';
import { parseXml } from '@runevault/e2e/test-support/parse-xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BUNDLE = join(REPO_ROOT, 'actions/run-e2e-suite/dist/index.js');
/** tls and oidc-exchange: the vaults here serve plaintext and trust no OIDC issuer. */
const NEEDS_MORE = ALL_CASES.filter((c) => (c.needs ?? []).length > 0).length;
const LABELS = ALL_CASES.map(caseLabel);
const cleanups: ActionRunResult[] = [];
let vault: ProcessVault;

async function run(inputs: Record<string, string>): Promise<ActionRunResult> {
  const result = await runAction({ action: 'run-e2e-suite', inputs, timeoutMs: 180_000 });
  cleanups.push(result);
  return result;
}

/** Each masked value: masked on some line, and no line before or after shows it. */
function expectEverySecretMaskedFirst(result: ActionRunResult): void {
  for (const mask of result.masks)
    expect(mask.firstShownAt, `a masked value shown on a later line`).toBeUndefined();
}

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing; run npm run build:actions`);
  vault = await startProcessVault();
}, 120_000);
afterAll(async () => {
  await vault?.stop();
  await Promise.all(cleanups.map((result) => result.remove()));
});

describe('run-e2e-suite bundle against a running vault', () => {
  let result: ActionRunResult;

  beforeAll(async () => {
    result = await run({
      'grpc-endpoint': vault.grpcAddress,
      'http-endpoint': vault.httpUrl,
      token: vault.token,
      'log-file': vault.logFile,
      'admin-socket': vault.adminSocket,
    });
  }, 180_000);

  it('passes with no error or warning', () => {
    expect(result.stderr).toBe('');
    expect(result.commands.errors).toEqual([]);
    expect(result.commands.warnings).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('sets every output: all but tls and oidc-exchange (no CA, no OIDC token given) pass', () => {
    const { passed, failed, skipped, 'duration-ms': durationMs, 'junit-path': junitPath } = result.outputs;
    expect({ passed, failed, skipped }).toEqual({
      passed: String(ALL_CASES.length - NEEDS_MORE),
      failed: '0',
      skipped: String(NEEDS_MORE),
    });
    expect(Number(durationMs)).toBeGreaterThan(0);
    expect(Number(durationMs)).toBeLessThan(result.timing.totalMs);
    expect(junitPath).toBe(join(result.workspace, 'e2e-junit.xml'));
  });

  it('writes a well-formed JUnit report with a testcase per case', () => {
    const suite = parseXml(readFileSync(result.outputs['junit-path'] ?? '', 'utf8'));
    expect(suite.name).toBe('testsuite');
    expect(suite.attributes).toMatchObject({
      tests: String(ALL_CASES.length),
      failures: '0',
      skipped: String(NEEDS_MORE),
    });
    expect(suite.children.map((c) => c.attributes.name)).toEqual(LABELS);
  });

  it('appends the results table to the job summary', () => {
    expect(result.summary).toMatch(
      /^### runevault e2e\n\n\| \| case \| ms \| detail \|\n\|---\|---\|---:\|---\|\n/,
    );
    for (const label of LABELS) expect(result.summary).toMatch(new RegExp(`\\| (✅|⏭️) \\| ${label} \\|`));
    expect(result.summary).toContain(
      `**${ALL_CASES.length - NEEDS_MORE} passed, 0 failed, ${NEEDS_MORE} skipped in `,
    );
  });

  it('masks the token on its first line, and every token it issues before any line could show it', () => {
    expect(result.masks[0]).toEqual({ value: vault.token, maskedAt: 0, firstShownAt: undefined });
    // scope-and-topk, rate-limit, audit-log, no-secret-leak and decrypt issue their own.
    expect(result.commands.addMask.length).toBeGreaterThan(1);
    expectEverySecretMaskedFirst(result);
    expect(result.stdout.split(vault.token)).toHaveLength(2);
  });

  it('logs the connection in a group and a line per case', () => {
    expect(result.commands.groups).toEqual(['Connect to the vault']);
    for (const label of LABELS) expect(result.lines.some((line) => line.includes(` ${label}  `))).toBe(true);
    expect(result.lines).toContain(`admin commands: socket ${vault.adminSocket}`);
  });
});

describe('run-e2e-suite bundle with only endpoints and a token', () => {
  it('skips the cases that need the admin CLI or the log, saying which input gives them', async () => {
    const result = await run({
      'grpc-endpoint': vault.grpcAddress,
      'http-endpoint': vault.httpUrl,
      token: vault.token,
      cases: 'health,audit-log,audit-alert,scope-and-topk,rate-limit,no-secret-leak',
    });
    expect(result.commands.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ passed: '1', failed: '0', skipped: '5' });
    const suite = parseXml(readFileSync(result.outputs['junit-path'] ?? '', 'utf8'));
    const skips = suite.children.flatMap((c) => c.children).map((s) => s.attributes.message);
    expect(skips).toEqual([
      expect.stringMatching(/^needs the vault's admin CLI .*: give the container input/),
      expect.stringMatching(/^needs the vault's log: give the container input \(or log-file\)$/),
      expect.stringMatching(/^needs the vault's admin CLI/),
      expect.stringMatching(/^needs the vault's admin CLI/),
      expect.stringMatching(/^needs the vault's admin CLI/),
    ]);
  });
});

describe('run-e2e-suite bundle when cases fail', () => {
  let result: ActionRunResult;
  const wrongToken = `evt_${randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    // A well-formed token the vault never issued: every case that uses it fails.
    result = await run({
      'grpc-endpoint': vault.grpcAddress,
      'http-endpoint': vault.httpUrl,
      token: wrongToken,
      'log-file': vault.logFile,
      'admin-socket': vault.adminSocket,
      'timeout-per-case': '10s',
    });
  }, 180_000);

  it('fails the step with exactly one error annotation per failed case, titled with the case', () => {
    expect(result.exitCode).toBe(1);
    const failed = Number(result.outputs.failed);
    expect(failed).toBeGreaterThan(0);
    const errors = result.commands.all.filter((c) => c.command === 'error');
    expect(errors).toHaveLength(failed);
    expect(errors.map((e) => e.properties.title)).toContain('05-public-key');
    for (const error of errors) {
      expect(LABELS).toContain(error.properties.title);
      expect(error.message).toMatch(/^expected .*, got /);
    }
  });

  it('still sets every output and writes both reports', () => {
    const { passed, failed, skipped } = result.outputs;
    expect(Number(passed) + Number(failed) + Number(skipped)).toBe(ALL_CASES.length);
    const suite = parseXml(readFileSync(result.outputs['junit-path'] ?? '', 'utf8'));
    expect(suite.attributes.failures).toBe(failed);
    expect(result.summary).toContain('| ❌ | 05-public-key |');
    expect(result.commands.groups).toEqual(['Connect to the vault', `Failure details (${failed})`]);
  });

  it('masks the given token even though the vault rejects it', () => {
    expect(result.masks[0]).toEqual({ value: wrongToken, maskedAt: 0, firstShownAt: undefined });
    expectEverySecretMaskedFirst(result);
  });
});

describe('run-e2e-suite bundle on bad input', () => {
  it('names every valid case in one error when a case name is unknown', async () => {
    const result = await run({
      'grpc-endpoint': vault.grpcAddress,
      'http-endpoint': vault.httpUrl,
      token: vault.token,
      cases: 'health,bogus',
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toHaveLength(1);
    expect(result.commands.errors[0]).toMatch(
      /^run-e2e-suite: input cases\/exclude: unknown case "bogus"; valid cases \(name or number\): 1 health, 2 metrics, .*16 tls, 17 hostile-input$/,
    );
    expect(result.outputs).toEqual({});
  });

  it('says what to check in one error when the vault does not answer', async () => {
    const port = await freePort();
    const result = await run({
      'grpc-endpoint': `127.0.0.1:${port}`,
      'http-endpoint': `http://127.0.0.1:${port}`,
      token: vault.token,
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      `the vault is not reachable: GET http://127.0.0.1:${port}/health did not answer 200 within 10 s; ` +
        'check that the vault is running and healthy, and that http-endpoint and grpc-endpoint are the addresses it listens on as seen from this job',
    ]);
    expect(result.outputs).toEqual({});
  }, 30_000);

  it('says which endpoint is wrong when /health answers but the gRPC port does not', async () => {
    const port = await freePort();
    const result = await run({
      'grpc-endpoint': `127.0.0.1:${port}`,
      'http-endpoint': vault.httpUrl,
      token: vault.token,
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the vault's gRPC endpoint 127\\.0\\.0\\.1:${port} does not accept connections \\(ECONNREFUSED\\) .*check grpc-endpoint`,
        ),
      ),
    ]);
  });
});
