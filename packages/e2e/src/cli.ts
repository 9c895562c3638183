// `vault-e2e`: get a vault (docker, process or address driver), run the cases, report,
// tear down. Exit 0 when every case passed, 1 when one failed or the vault would not start,
// 2 for a bad command line.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { caseLabel } from './cases/case.js';
import { ALL_CASES } from './cases/index.js';
import { CLI_USAGE, type CliOptions, CliUsageError, parseCliOptions } from './cli-options.js';
import {
  DEFAULT_TOKEN_USER,
  type StartDriverOptions,
  type StartedVault,
  selectDriver,
  startSelectedDriver,
} from './drivers/index.js';
import { teardownOnSignal } from './drivers/signal-teardown.js';
import { type LocalOidc, localOidc } from './oidc/oidc-fixture.js';
import { exitCodeFor, writeReportOutputs } from './report-outputs.js';
import { runCases, type SuiteResult } from './runner.js';

const say = (line: string) => process.stderr.write(`${line}\n`);

function driverOptions(options: CliOptions, oidc: LocalOidc | undefined): StartDriverOptions {
  const address = options.address;
  return {
    log: (line) => say(line),
    ...(options.tls ? { tls: true } : {}),
    ...(oidc ? { oidcProviders: [oidc.provider] } : {}),
    ...(address
      ? {
          address: {
            grpcAddress: address.grpcAddress,
            httpUrl: address.httpUrl,
            ...(address.token ? { token: address.token } : {}),
            ...(address.adminSocket ? { adminSocket: address.adminSocket } : {}),
            ...(address.adminCommand ? { adminCommand: address.adminCommand } : {}),
            ...(address.logFile ? { logs: { file: address.logFile } } : {}),
            ...(address.logCommand ? { logs: { command: address.logCommand } } : {}),
            ...(address.tlsCaPath ? { tlsRootCert: readFileSync(address.tlsCaPath) } : {}),
          },
        }
      : {}),
    // A vault someone else runs may have served earlier runs: a user of this run's own, as
    // a user holds one token at a time.
    ...(address && !address.token
      ? { tokenUser: `${DEFAULT_TOKEN_USER}-${randomBytes(3).toString('hex')}` }
      : {}),
  };
}

function describeTimings(vault: StartedVault, suite: SuiteResult, totalMs: number): string {
  const parts: string[] = [];
  const timings = (vault as { timings?: Record<string, number> }).timings;
  for (const [name, ms] of Object.entries(timings ?? {}))
    if (name !== 'totalMs') parts.push(`${name} ${Math.round(ms)}`);
  parts.push(`cases ${Math.round(suite.durationMs)}`, `total ${Math.round(totalMs)}`);
  return `timings (ms): ${parts.join(', ')}`;
}

function describeKept(vault: StartedVault): string {
  const extra = vault as {
    home?: { dir?: string };
    adminSocket?: string;
    logFile?: string;
    containerId?: string;
  };
  const where = [
    `grpc ${vault.grpcAddress}`,
    `http ${vault.httpUrl}`,
    extra.containerId ? `container ${extra.containerId.slice(0, 12)}` : '',
    extra.adminSocket ? `admin socket ${extra.adminSocket}` : '',
    extra.logFile ? `log ${extra.logFile}` : '',
  ].filter(Boolean);
  return `--keep: the vault is still running (${where.join(', ')})`;
}

export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    say(`vault-e2e: ${error.message}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(CLI_USAGE);
    return 0;
  }

  const started = performance.now();
  let vault: StartedVault;
  let oidc: LocalOidc | undefined;
  let forgetOidcFolder = () => {};
  try {
    const selection = await selectDriver(options.driver);
    say(selection.explanation);
    if (options.oidc) {
      oidc = await localOidc();
      // Ctrl-C ends the process before the finally below: the JWKS folder goes with the vault.
      const made = oidc;
      forgetOidcFolder = teardownOnSignal('the test OIDC issuer folder', async () => made.dispose());
      say(
        `oidc: the vault trusts a per-run test issuer (${oidc.provider.issuer}, JWKS ${oidc.provider.jwksFile})`,
      );
    }
    vault = await startSelectedDriver(selection, driverOptions(options, oidc));
    if (oidc) vault.oidc = oidc.fixture;
  } catch (error) {
    oidc?.dispose();
    forgetOidcFolder();
    say(`vault-e2e: could not start the vault: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  try {
    say(
      `cases: running against ${vault.grpcAddress}${vault.tlsRootCert ? ' over TLS' : ' (plaintext gRPC)'}${oidc ? ', OIDC exchange with the test issuer' : ''}`,
    );
    const suite = await runCases(vault, ALL_CASES, {
      only: options.cases,
      exclude: options.exclude,
      ...(options.timeoutPerCaseMs ? { timeoutPerCaseMs: options.timeoutPerCaseMs } : {}),
      available: vault.tlsRootCert ? ['tls'] : [],
      retries: options.retries,
      quarantine: options.quarantine,
      onRetry: (c, attempt, failure) =>
        say(`retry: ${caseLabel(c)} failed attempt ${attempt} (${failure.message}); running it again`),
    });
    await writeReportOutputs(suite, {
      ...(options.junitPath ? { junitPath: options.junitPath } : {}),
      ...(options.summaryPath ? { summaryPath: options.summaryPath } : {}),
      json: options.json,
    });
    say(describeTimings(vault, suite, performance.now() - started));
    return exitCodeFor(suite, { failOnFlaky: options.failOnFlaky });
  } finally {
    if (options.keep) {
      vault.release();
      forgetOidcFolder();
      say(describeKept(vault));
    } else {
      await vault.stop();
      // A kept vault still reads its JWKS file, so it stays with it.
      oidc?.dispose();
      forgetOidcFolder();
    }
  }
}
