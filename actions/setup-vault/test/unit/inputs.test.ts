import { describe, expect, it } from 'vitest';
import { InputError, parseInputs, resolveHome } from '../../src/inputs.js';

const env = { GITHUB_WORKSPACE: '/work/space', RUNNER_TEMP: '/runner/temp' };
const inputsOf = (given: Record<string, string>) => (name: string) => given[name] ?? '';

function problemsOf(given: Record<string, string>): string[] {
  try {
    parseInputs(inputsOf(given), env);
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseInputs', () => {
  it('gives the documented defaults when nothing is set', () => {
    expect(parseInputs(inputsOf({}), env)).toEqual({
      workingDirectory: '/work/space',
      cache: true,
      install: true,
      home: '/runner/temp/runevault',
      generateKeys: true,
      teamSecret: undefined,
      tls: false,
      grpcPort: 50051,
      httpPort: 9090,
      source: 'bundled',
    });
  });

  it('reads every input, resolving relative paths against GITHUB_WORKSPACE', () => {
    const inputs = parseInputs(
      inputsOf({
        'working-directory': 'vault',
        cache: 'false',
        install: 'FALSE',
        home: 'vault-home',
        'generate-keys': 'False',
        'team-secret': 'abc123',
        tls: 'true',
        'grpc-port': '0',
        'http-port': '65535',
        source: 'workspace',
      }),
      env,
    );
    expect(inputs).toEqual({
      workingDirectory: '/work/space/vault',
      cache: false,
      install: false,
      home: '/work/space/vault-home',
      generateKeys: false,
      teamSecret: 'abc123',
      tls: true,
      grpcPort: 0,
      httpPort: 65535,
      source: 'workspace',
    });
  });

  it('accepts the boolean spellings core.getBooleanInput accepts, and only those', () => {
    for (const value of ['true', 'True', 'TRUE'])
      expect(parseInputs(inputsOf({ tls: value }), env).tls).toBe(true);
    expect(problemsOf({ tls: 'yes' })).toEqual(['input tls must be true or false, got "yes"']);
    expect(problemsOf({ cache: '1' })).toEqual(['input cache must be true or false, got "1"']);
  });

  it('rejects ports that are not whole numbers from 0 to 65535', () => {
    for (const bad of ['abc', '-1', '65536', '80.5', '1e3', '0x50']) {
      expect(problemsOf({ 'grpc-port': bad })).toEqual([
        `input grpc-port must be a port number from 0 to 65535, got ${JSON.stringify(bad)}`,
      ]);
    }
  });

  it('rejects an unknown source, naming both choices', () => {
    expect(problemsOf({ source: 'docker' })).toEqual([
      'input source must be bundled (the CLI shipped with the action) or workspace (build it from working-directory), got "docker"',
    ]);
  });

  it('reports every problem at once, on one line', () => {
    let error: unknown;
    try {
      parseInputs(inputsOf({ tls: 'maybe', 'http-port': 'http', source: 'x' }), env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toHaveLength(3);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toMatch(/^setup-vault: input source .*; input tls .*; input http-port /);
  });

  it('rejects a multi-line team secret without quoting it', () => {
    const problems = problemsOf({ 'team-secret': 'line1\nline2' });
    expect(problems).toEqual(['input team-secret must be a single line (e.g. 64 hex characters)']);
    expect(problems.join()).not.toContain('line1');
  });
});

describe('resolveHome', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell-style text the action expands
  it('expands $RUNNER_TEMP and ${RUNNER_TEMP} at the start only', () => {
    expect(resolveHome('$RUNNER_TEMP/runevault', env)).toBe('/runner/temp/runevault');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell-style text the action expands
    expect(resolveHome('${RUNNER_TEMP}/x', env)).toBe('/runner/temp/x');
    expect(resolveHome('/opt/$RUNNER_TEMP', env)).toBe('/opt/$RUNNER_TEMP');
    expect(resolveHome('$RUNNER_TEMPX', env)).toBe('$RUNNER_TEMPX');
  });

  it('falls back to the OS temp dir outside a runner', () => {
    expect(resolveHome('', {})).toMatch(/runevault$/);
    expect(resolveHome('', {})).not.toContain('$');
  });
});
