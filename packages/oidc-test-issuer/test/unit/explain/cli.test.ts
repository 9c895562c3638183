// oidc-explain as a user runs it: exit codes, --help, --json, stdin tokens, bounded inputs and
// one-line errors (escaped, never a stack trace).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOidcExplain } from '../../../src/explain/cli.js';
import { MAX_POLICY_BYTES, MAX_TOKEN_BYTES } from '../../../src/explain/index.js';
import { githubContextFromEnv } from '../../../src/github-claims.js';
import { TestIssuer } from '../../../src/test-issuer.js';
import { buildTokenTemplate } from '../../../src/token-template.js';

let dir: string;
let awsPolicy: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oidc-explain-cli-'));
  awsPolicy = join(dir, 'trust.json');
  writeFileSync(
    awsPolicy,
    JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: {
              'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:ref:refs/heads/*',
            },
          },
        },
      ],
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[], stdin: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOidcExplain(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdin: (async function* () {
      yield* stdin;
    })(),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('oidc-explain', () => {
  it('exit 0 for allowed, 1 for denied, with the failing condition in the text', async () => {
    const run = [
      '--policy',
      awsPolicy,
      '--repository',
      'octo-org/octo-repo',
      '--audience',
      'sts.amazonaws.com',
    ];
    expect((await cli(run)).code).toBe(0);
    const pr = await cli([...run, '--event-name', 'pull_request', '--pull-request', '9']);
    expect(pr.code).toBe(1);
    expect(pr.stdout).toContain(
      'verdict: DENIED: Statement[0]: StringLike "token.actions.githubusercontent.com:sub"',
    );
    expect(pr.stdout).toContain('    actual:   "repo:octo-org/octo-repo:pull_request"');
  });

  it('reads a JWT from stdin, says it was not verified, and --json gives the same verdict', async () => {
    // The test issuer never mints for GitHub's issuer: a policy trusting the test issuer's host.
    const issuer = await TestIssuer.create({ issuer: 'https://oidc.test.invalid', alg: 'ES256' });
    const testPolicy = join(dir, 'trust-test-issuer.json');
    writeFileSync(
      testPolicy,
      readFileSync(awsPolicy, 'utf8').replaceAll('token.actions.githubusercontent.com', 'oidc.test.invalid'),
    );
    const template = buildTokenTemplate({
      github: githubContextFromEnv({ GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_REF: 'refs/heads/dev' }),
      audience: 'sts.amazonaws.com',
      lifetimeSeconds: 60,
    });
    const jwt = await issuer.mint(template);
    const text = await cli(
      ['--policy', testPolicy, '--token', '-'],
      [jwt.slice(0, 20), `${jwt.slice(20)}\n`],
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('decoded WITHOUT verifying its signature');
    expect(text.stdout).not.toContain(jwt);
    const json = await cli(['--policy', testPolicy, '--token', '-', '--json'], [jwt]);
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'allowed', kind: 'aws-trust-policy' });
  });

  it('--help prints the usage; unknown options and missing inputs are one line, exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: oidc-explain --policy FILE/);
    const unknown = await cli(['--policy', awsPolicy, '--bogus\n::error::x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^oidc-explain: .*--bogus\\n::error::x.*\(see oidc-explain --help\)$/);
    expect((await cli(['--policy', awsPolicy])).stderr).toBe(
      'oidc-explain: give exactly one of --token, --claims and --repository (see oidc-explain --help)',
    );
  });

  it('refuses oversized inputs before parsing them, and never echoes a token', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, ' '.repeat(MAX_POLICY_BYTES + 1));
    const policy = await cli(['--policy', big, '--repository', 'o/r']);
    expect(policy).toMatchObject({
      code: 2,
      stderr: `oidc-explain: policy ${big} is larger than ${MAX_POLICY_BYTES} bytes; give the policy alone`,
    });
    const token = await cli(['--policy', awsPolicy, '--token', '-'], ['a'.repeat(MAX_TOKEN_BYTES + 1)]);
    expect(token).toMatchObject({
      code: 2,
      stderr: `oidc-explain: token on stdin is larger than ${MAX_TOKEN_BYTES} bytes`,
    });
    const garbage = await cli(['--policy', awsPolicy, '--token', '-'], ['secret-not-a-jwt']);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).not.toContain('secret-not-a-jwt');
  });

  it('a malformed policy is named with its line and column', async () => {
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'oidc:\n  providers:\n    - name: ci\n     issuer: x\n');
    const result = await cli(['--policy', bad, '--repository', 'o/r']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^oidc-explain: policy ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+ is not valid JSON or YAML \\(\\w+\\); fix the file there$`,
      ),
    );
  });
});
