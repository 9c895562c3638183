// Every action's committed bundle, run as the runner runs it, with inputs that try to start
// workflow commands of their own (a line break followed by `::warning::`, or the legacy
// `##[warning]` marker): no such command may come out, and no line may start with `::` other
// than the action's own. An image or container input that is not in Docker's grammar fails the
// step with one ::error:: naming the input, before any engine is asked: DOCKER_HOST points at a
// socket here that counts every connection.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ActionRunResult,
  parseCommandLine,
  type RunActionOptions,
  runAction,
} from '@runevault/action-runner';
import { type ProcessVault, startProcessVault } from '@runevault/e2e/drivers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LINE_BREAK = 'x\n::warning::pwned';
const LEGACY = 'x##[warning]pwned';
const results: ActionRunResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'input-injection-'));

// The commands @actions/core prints for an action; anything else starting with :: is injected.
const OWN_COMMANDS = new Set(['error', 'warning', 'notice', 'debug', 'group', 'endgroup', 'add-mask']);

/** A Docker "engine" that answers nothing and only counts who knocks. */
let engineProbe: Server;
let engineConnections = 0;
const ENGINE_SOCKET = join(scratch, 'docker.sock');

async function run(options: RunActionOptions): Promise<ActionRunResult> {
  const result = await runAction({
    timeoutMs: 120_000,
    ...options,
    env: { DOCKER_HOST: `unix://${ENGINE_SOCKET}`, ...options.env },
  });
  results.push(result);
  return result;
}

/** No injected command by either runner parser; the hostile value shows only escaped. */
function expectNoInjectedCommand(result: ActionRunResult): void {
  const context = result.log.join('\n');
  for (const line of result.lines) {
    if (line.trimStart().startsWith('::')) {
      const command = parseCommandLine(line);
      expect(command && OWN_COMMANDS.has(command.command), `not the action's own: ${line}\n${context}`).toBe(
        true,
      );
      // Only the action's own error may carry the value, and only inside its message.
      if (line.includes('pwned')) expect(command?.command, context).toBe('error');
    }
    expect(line, context).not.toContain('##[');
  }
  expect(
    result.commands.warnings.filter((warning) => warning.includes('pwned')),
    context,
  ).toEqual([]);
  expect(result.commands.notices, context).toEqual([]);
}

/** The step failed with one ::error:: that names the input. */
function expectOneErrorNaming(result: ActionRunResult, input: string): string {
  expect(result.exitCode, result.log.join('\n')).toBe(1);
  expect(result.commands.errors, result.log.join('\n')).toHaveLength(1);
  const [error = ''] = result.commands.errors;
  expect(error).toContain(`input ${input}`);
  return error;
}

beforeAll(async () => {
  engineProbe = createServer((socket) => {
    engineConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => engineProbe.listen(ENGINE_SOCKET, resolve));
});

afterAll(async () => {
  await new Promise((resolve) => engineProbe.close(resolve));
  await Promise.all(results.map((result) => result.remove()));
  rmSync(scratch, { recursive: true, force: true });
});

describe.each([
  ['start-vault-container', 'start-vault-container'],
  ['the root action (vault-e2e)', '.'],
])('%s', (_label, action) => {
  it.each([
    ['a line break', LINE_BREAK],
    ['the legacy marker', LEGACY],
  ])('image with %s: one ::error:: naming image, no command, no engine call', async (_what, image) => {
    const before = engineConnections;
    const result = await run({ action, inputs: { image } });
    const error = expectOneErrorNaming(result, 'image');
    expect(error).toContain('is not a Docker image reference');
    expectNoInjectedCommand(result);
    expect(engineConnections - before).toBe(0);
  });

  it('image Foo:bar: says repository names must be lowercase, before the engine', async () => {
    const before = engineConnections;
    const result = await run({ action, inputs: { image: 'Foo:bar' } });
    expect(expectOneErrorNaming(result, 'image')).toContain(
      'input image: "Foo:bar" is not a Docker image reference: repository names must be lowercase (e.g. ghcr.io/org/runevault:1.2)',
    );
    expect(engineConnections - before).toBe(0);
  });

  it('a build-context folder whose name holds a command: refused, never logged raw', async () => {
    const workspace = mkdtempSync(join(scratch, 'ws-'));
    mkdirSync(join(workspace, LINE_BREAK), { recursive: true });
    const before = engineConnections;
    const result = await run({
      action,
      workspace,
      inputs: { image: 'runevault:dev', 'build-context': LINE_BREAK },
    });
    expectOneErrorNaming(result, 'build-context');
    expectNoInjectedCommand(result);
    expect(engineConnections - before).toBe(0);
  });
});

describe('start-vault-container name', () => {
  it('a name outside Docker grammar fails with one ::error:: naming it, no engine call', async () => {
    const before = engineConnections;
    const result = await run({ action: 'start-vault-container', inputs: { name: LINE_BREAK } });
    expect(expectOneErrorNaming(result, 'name')).toContain('must be a container name');
    expectNoInjectedCommand(result);
    expect(engineConnections - before).toBe(0);
  });
});

describe('setup-vault', () => {
  it.each([
    ['a line break', LINE_BREAK],
    ['the legacy marker', LEGACY],
  ])('home with %s: one ::error:: naming home, no command', async (_what, home) => {
    const result = await run({
      action: 'setup-vault',
      inputs: { home, cache: 'false', 'generate-keys': 'false' },
    });
    expectOneErrorNaming(result, 'home');
    expectNoInjectedCommand(result);
  });
});

describe('mint-test-oidc', () => {
  it.each([
    ['a line break', LINE_BREAK],
    ['the legacy marker', LEGACY],
  ])('audience with %s: one ::error:: naming audience, no command', async (_what, audience) => {
    const result = await run({ action: 'mint-test-oidc', inputs: { audience } });
    expectOneErrorNaming(result, 'audience');
    expectNoInjectedCommand(result);
  });
});

describe('merge-coverage', () => {
  it('a title with a line break is printed escaped when the log gets the summary', async () => {
    const workspace = mkdtempSync(join(scratch, 'ws-'));
    writeFileSync(
      join(workspace, 'lcov.info'),
      'TN:\nSF:src/a.ts\nDA:1,1\nDA:2,0\nLF:2\nLH:1\nend_of_record\n',
    );
    const result = await run({
      action: 'merge-coverage',
      workspace,
      // No summary file: the Markdown (with the title) goes to the log instead.
      env: { GITHUB_STEP_SUMMARY: undefined },
      inputs: {
        files: 'lcov.info',
        title: `Coverage ${LINE_BREAK} ${LEGACY}`,
        thresholds: '',
        'github-token': '',
      },
    });
    expect(result.exitCode, result.log.join('\n')).toBe(0);
    expectNoInjectedCommand(result);
    // The Markdown keeps the title's line break (a heading line, then the rest), but the line
    // it starts is escaped where it would have been a command.
    expect(result.lines.filter((line) => line.includes('pwned'))).toEqual([
      '\\u003a:warning::pwned x##\\u005bwarning]pwned',
    ]);
  });
});

describe('run-e2e-suite', () => {
  let vault: ProcessVault;
  beforeAll(async () => {
    vault = await startProcessVault();
  }, 120_000);
  afterAll(async () => {
    await vault?.stop();
  });

  it('a log-file whose name holds a command: one ::error:: naming log-file, no command', async () => {
    const workspace = mkdtempSync(join(scratch, 'ws-'));
    writeFileSync(join(workspace, LINE_BREAK), '');
    const result = await run({
      action: 'run-e2e-suite',
      workspace,
      inputs: {
        'grpc-endpoint': vault.grpcAddress,
        'http-endpoint': vault.httpUrl,
        token: vault.token,
        'log-file': LINE_BREAK,
        cases: 'health',
        summary: 'false',
      },
    });
    expectOneErrorNaming(result, 'log-file');
    expectNoInjectedCommand(result);
  }, 120_000);

  it('a container outside Docker grammar: one ::error:: naming container, no command', async () => {
    const result = await run({
      action: 'run-e2e-suite',
      inputs: {
        'grpc-endpoint': vault.grpcAddress,
        'http-endpoint': vault.httpUrl,
        token: vault.token,
        container: LINE_BREAK,
        cases: 'health',
        summary: 'false',
      },
    });
    expectOneErrorNaming(result, 'container');
    expectNoInjectedCommand(result);
  }, 120_000);
});
