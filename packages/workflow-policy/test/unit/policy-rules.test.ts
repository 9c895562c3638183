// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures are workflow text, where ${{ }} is GitHub expression syntax
// One planted violation per rule, each asserted as `file:line rule`, plus the clean variant
// that must not be reported. Fixture lines are numbered in the comments beside them.
import { describe, expect, it } from 'vitest';
import { checkWorkflowText, parseWriteAllowList, RULES } from '../../src/index.js';

const FILE = '.github/workflows/fixture.yml';
const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';

/** Rules some test here planted a violation of and saw reported (the last test reads it). */
const planted = new Set<string>();

/** `file:line rule` of every finding (optionally of one rule). */
function findings(text: string, rule?: string, allowList = ''): string[] {
  const found = checkWorkflowText(FILE, text, {
    writeAllowList: parseWriteAllowList(allowList, 'allow-list'),
  })
    .filter((violation) => rule === undefined || violation.rule === rule)
    .map((violation) => `${violation.file}:${violation.line} ${violation.rule}`);
  for (const finding of found) planted.add(finding.split(' ')[1] ?? '');
  return found;
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const CLEAN = lines(
  'name: clean', // 1
  'on:', // 2
  '  pull_request:', // 3
  '  push:', // 4
  '    branches: [main]', // 5
  'permissions:', // 6
  '  contents: read', // 7
  'jobs:', // 8
  '  test:', // 9
  '    runs-on: ubuntu-latest', // 10
  '    steps:', // 11
  `      - uses: ${CHECKOUT}`, // 12
  '        with:', // 13
  '          persist-credentials: false', // 14
  '      - uses: ./actions/setup-vault', // 15
  '      - run: npm test', // 16
  '        env:', // 17
  '          TITLE: ${{ github.event.pull_request.title }}', // 18
  '          TOKEN: ${{ github.token }}', // 19
);

describe('the clean fixture', () => {
  it('breaks no rule', () => {
    expect(findings(CLEAN)).toEqual([]);
  });

  it('every rule has an id and a description', () => {
    expect(RULES.map((rule) => rule.id)).toEqual([...new Set(RULES.map((rule) => rule.id))]);
    for (const rule of RULES) expect(rule.description.length).toBeGreaterThan(10);
  });
});

describe('pull-request-target', () => {
  it('reports the trigger line', () => {
    const text = CLEAN.replace('  push:\n', '  pull_request_target:\n  push:\n');
    expect(findings(text, 'pull-request-target')).toEqual([`${FILE}:4 pull-request-target`]);
  });
  it('in the list form too', () => {
    const text = lines('on: [push, pull_request_target]', 'permissions: {}', 'jobs: {}');
    expect(findings(text, 'pull-request-target')).toEqual([`${FILE}:1 pull-request-target`]);
  });
});

describe('untrusted-checkout', () => {
  const privileged = (trigger: string, ...steps: string[]) =>
    lines(
      'on:', // 1
      `  ${trigger}:`, // 2
      'permissions:', // 3
      '  contents: read', // 4
      'jobs:', // 5
      '  build:', // 6
      '    runs-on: ubuntu-latest', // 7
      '    steps:', // 8
      ...steps, // 9…
    );

  it('pull_request_target checking out the PR head sha', () => {
    const text = privileged(
      'pull_request_target',
      `      - uses: ${CHECKOUT}`, // 9
      '        with:', // 10
      '          persist-credentials: false', // 11
      '          ref: ${{ github.event.pull_request.head.sha }}', // 12
    );
    expect(findings(text, 'untrusted-checkout')).toEqual([`${FILE}:12 untrusted-checkout`]);
  });

  it('workflow_run checking out the triggering run head', () => {
    const text = privileged(
      'workflow_run',
      `      - uses: ${CHECKOUT}`, // 9
      '        with:', // 10
      '          ref: ${{ github.event.workflow_run.head_sha }}', // 11
      '          persist-credentials: false', // 12
    );
    expect(findings(text, 'untrusted-checkout')).toEqual([`${FILE}:11 untrusted-checkout`]);
  });

  it('a run: step fetching the head through env', () => {
    const text = privileged(
      'workflow_run',
      '      - run: |', // 9
      '          git fetch origin "$HEAD"', // 10
      '          git checkout FETCH_HEAD', // 11
      '        env:', // 12
      '          HEAD: ${{ github.event.workflow_run.head_branch }}', // 13
      '      - run: gh pr checkout 12', // 14
    );
    expect(findings(text, 'untrusted-checkout')).toEqual([
      `${FILE}:13 untrusted-checkout`,
      `${FILE}:14 untrusted-checkout`,
    ]);
  });

  it('checking out the base (no ref) is fine, and pull_request may check out anything', () => {
    const base = privileged(
      'pull_request_target',
      `      - uses: ${CHECKOUT}`,
      '        with:',
      '          persist-credentials: false',
    );
    expect(findings(base, 'untrusted-checkout')).toEqual([]);
    const pr = privileged(
      'pull_request',
      `      - uses: ${CHECKOUT}`,
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '          persist-credentials: false',
    );
    expect(findings(pr, 'untrusted-checkout')).toEqual([]);
  });
});

describe('expression-in-run', () => {
  it('github.event.* on its own line inside a | block', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      '      - run: |\n          echo start\n          echo "${{ github.event.pull_request.title }}"\n',
    );
    // run: | is line 16, echo start 17, the expression 18
    expect(findings(text, 'expression-in-run')).toEqual([`${FILE}:18 expression-in-run`]);
  });

  it('secrets.*, index syntax and any case', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      "      - run: echo ${{ secrets.NPM_TOKEN }}\n      - run: echo ${{ GitHub['event'].issue.title }}\n      - run: npm test\n",
    );
    expect(findings(text, 'expression-in-run')).toEqual([
      `${FILE}:16 expression-in-run`,
      `${FILE}:17 expression-in-run`,
    ]);
  });

  it('github.head_ref (a branch name anyone can choose)', () => {
    const text = CLEAN.replace('      - run: npm test\n', '      - run: git log "${{ github.head_ref }}"\n');
    expect(findings(text, 'expression-in-run')).toEqual([`${FILE}:16 expression-in-run`]);
  });

  it('harmless contexts in run:, and event data through env:, are fine', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      "      - run: echo ${{ github.sha }} ${{ steps.x.outputs.secrets }} ${{ env.TITLE }} '${{ 'secrets.X' }}'\n",
    );
    expect(findings(text, 'expression-in-run')).toEqual([]);
  });
});

describe('unpinned-action', () => {
  it('a tag, a branch and an unpinned image', () => {
    const text = CLEAN.replace(
      '      - uses: ./actions/setup-vault\n',
      '      - uses: actions/setup-node@v5\n      - uses: org/action@main\n      - uses: docker://alpine:3.20\n',
    );
    expect(findings(text, 'unpinned-action')).toEqual([
      `${FILE}:15 unpinned-action`,
      `${FILE}:16 unpinned-action`,
      `${FILE}:17 unpinned-action`,
    ]);
  });

  it('a reusable workflow by tag', () => {
    const text = lines(
      'on: push', // 1
      'permissions:', // 2
      '  contents: read', // 3
      'jobs:', // 4
      '  call:', // 5
      '    uses: org/repo/.github/workflows/build.yml@v1', // 6
      '  local:', // 7
      '    uses: ./.github/workflows/build.yml', // 8
    );
    expect(findings(text, 'unpinned-action')).toEqual([`${FILE}:6 unpinned-action`]);
  });

  it('local actions and digest-pinned images are fine', () => {
    const text = CLEAN.replace(
      '      - uses: ./actions/setup-vault\n',
      `      - uses: docker://alpine@sha256:${'a'.repeat(64)} # 3.20\n      - uses: ./actions/setup-vault\n`,
    );
    expect(findings(text)).toEqual([]);
  });
});

describe('missing-version-comment', () => {
  it('a SHA pin without the tag it pins', () => {
    const text = CLEAN.replace(CHECKOUT, CHECKOUT.replace(/ # .*/, ''));
    expect(findings(text, 'missing-version-comment')).toEqual([`${FILE}:12 missing-version-comment`]);
  });

  it('a comment on the next line, or one that is not a version, does not count', () => {
    const text = CLEAN.replace(CHECKOUT, `${CHECKOUT.replace(/ # .*/, '')} # pinned`);
    expect(findings(text, 'missing-version-comment')).toEqual([`${FILE}:12 missing-version-comment`]);
  });
});

describe('missing-permissions', () => {
  it('no top-level permissions: is reported at line 1', () => {
    const text = CLEAN.replace('permissions:\n  contents: read\n', '');
    expect(findings(text, 'missing-permissions')).toEqual([`${FILE}:1 missing-permissions`]);
  });

  it('an explicit empty set is fine', () => {
    expect(findings(CLEAN.replace('permissions:\n  contents: read\n', 'permissions: {}\n'))).toEqual([]);
  });
});

describe('excess-write-permission', () => {
  const withJobPermissions = (...scopes: string[]) =>
    CLEAN.replace(
      '    runs-on: ubuntu-latest\n',
      `    permissions:\n${scopes.map((s) => `      ${s}\n`).join('')}    runs-on: ubuntu-latest\n`,
    );
  // line 10 is now `permissions:`, the scopes follow from 11

  it('write at the top of the workflow', () => {
    expect(
      findings(CLEAN.replace('  contents: read', '  contents: write'), 'excess-write-permission'),
    ).toEqual([`${FILE}:7 excess-write-permission`]);
    expect(
      findings(
        CLEAN.replace('permissions:\n  contents: read\n', 'permissions: write-all\n'),
        'excess-write-permission',
      ),
    ).toEqual([`${FILE}:6 excess-write-permission`]);
  });

  it('a job-level write scope that is never needed (contents) even when allow-listed', () => {
    expect(() =>
      parseWriteAllowList(
        'write-permissions:\n  fixture.yml:\n    test:\n      contents: release\n',
        'allow-list',
      ),
    ).toThrow(/contents is not a write scope this policy grants; only pull-requests .* id-token/);
    expect(findings(withJobPermissions('contents: write'), 'excess-write-permission')).toEqual([
      `${FILE}:11 excess-write-permission`,
    ]);
  });

  it('pull-requests: write and id-token: write only on the jobs the allow-list names', () => {
    const text = withJobPermissions('contents: read', 'pull-requests: write', 'id-token: write');
    expect(findings(text, 'excess-write-permission')).toEqual([
      `${FILE}:12 excess-write-permission`,
      `${FILE}:13 excess-write-permission`,
    ]);
    const commentsOnly =
      'write-permissions:\n  fixture.yml:\n    test:\n      pull-requests: sticky comment\n';
    expect(findings(text, 'excess-write-permission', commentsOnly)).toEqual([
      `${FILE}:13 excess-write-permission`,
    ]);
    const both = `${commentsOnly}      id-token: OIDC exchange\n`;
    expect(findings(text, 'excess-write-permission', both)).toEqual([]);
    const otherJob = 'write-permissions:\n  fixture.yml:\n    lint:\n      pull-requests: comments\n';
    expect(findings(text, 'excess-write-permission', otherJob)).toHaveLength(2);
  });

  it('an allow-list grant needs a reason', () => {
    expect(() =>
      parseWriteAllowList('write-permissions:\n  ci.yml:\n    report:\n      pull-requests:\n', 'allow-list'),
    ).toThrow(/needs a reason/);
  });
});

describe('secrets-in-pull-request-job', () => {
  it('a secret in a step of a job that pull_request runs', () => {
    const text = CLEAN.replace('${{ github.token }}', '${{ secrets.GITHUB_TOKEN }}');
    expect(findings(text, 'secrets-in-pull-request-job')).toEqual([`${FILE}:19 secrets-in-pull-request-job`]);
  });

  it('a secret in the workflow env:', () => {
    const text = CLEAN.replace(
      'permissions:\n',
      'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\npermissions:\n',
    );
    expect(findings(text, 'secrets-in-pull-request-job')).toEqual([`${FILE}:7 secrets-in-pull-request-job`]);
  });

  it('a job that plainly never runs on pull_request may use secrets; a push-only workflow too', () => {
    const guarded = CLEAN.replace('${{ github.token }}', '${{ secrets.NPM_TOKEN }}').replace(
      '    runs-on: ubuntu-latest\n',
      "    if: github.event_name == 'push'\n    runs-on: ubuntu-latest\n",
    );
    expect(findings(guarded, 'secrets-in-pull-request-job')).toEqual([]);
    const either = guarded.replace("== 'push'", "== 'push' || github.event_name == 'pull_request'");
    expect(findings(either, 'secrets-in-pull-request-job')).toHaveLength(1);
    const pushOnly = CLEAN.replace('  pull_request:\n', '').replace(
      '${{ github.token }}',
      '${{ secrets.NPM_TOKEN }}',
    );
    expect(findings(pushOnly, 'secrets-in-pull-request-job')).toEqual([]);
  });
});

describe('secrets-inherit and tojson-secrets', () => {
  const caller = lines(
    'on: push', // 1
    'permissions:', // 2
    '  contents: read', // 3
    'jobs:', // 4
    '  call:', // 5
    '    uses: ./.github/workflows/release.yml', // 6
    '    secrets: inherit', // 7
    '  dump:', // 8
    '    runs-on: ubuntu-latest', // 9
    '    steps:', // 10
    '      - uses: ./actions/setup-vault', // 11
    '        with:', // 12
    '          team-secret: ${{ toJson( SECRETS ) }}', // 13
    "      - if: toJSON(secrets) != '{}'", // 14
    '        run: echo hi', // 15
  );

  it('secrets: inherit', () => {
    expect(findings(caller, 'secrets-inherit')).toEqual([`${FILE}:7 secrets-inherit`]);
  });

  it('toJson(secrets) in any case, in ${{ }} and in a bare if:', () => {
    expect(findings(caller, 'tojson-secrets')).toEqual([
      `${FILE}:13 tojson-secrets`,
      `${FILE}:14 tojson-secrets`,
    ]);
  });

  it('toJson of other contexts is fine', () => {
    expect(findings(caller.replace(/toJson\( SECRETS \)/, 'toJson(github)'), 'tojson-secrets')).toEqual([
      `${FILE}:14 tojson-secrets`,
    ]);
  });
});

describe('checkout-persists-credentials', () => {
  it('a checkout without persist-credentials', () => {
    const text = CLEAN.replace('        with:\n          persist-credentials: false\n', '');
    expect(findings(text, 'checkout-persists-credentials')).toEqual([
      `${FILE}:12 checkout-persists-credentials`,
    ]);
  });

  it('persist-credentials: true is reported on its own line', () => {
    const text = CLEAN.replace('persist-credentials: false', 'persist-credentials: true');
    expect(findings(text, 'checkout-persists-credentials')).toEqual([
      `${FILE}:14 checkout-persists-credentials`,
    ]);
  });

  it("the quoted 'false' counts as false", () => {
    expect(findings(CLEAN.replace('persist-credentials: false', "persist-credentials: 'false'"))).toEqual([]);
  });
});

describe('a file that is not YAML', () => {
  it('is one yaml-syntax finding with its line', () => {
    const text = lines('on: push', 'permissions:', '  contents: read', 'jobs:', '  a: b: c', 'x: 1');
    expect(findings(text)).toEqual([`${FILE}:5 yaml-syntax`]);
  });
});

describe('condition-always-true', () => {
  it('text around ${{ }}, and ${{ }} inside a folded block', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      [
        "      - if: ${{ github.event_name == 'push' }} && false", // 16
        '        run: echo a', // 17
        '      - if: >-', // 18
        "          ${{ github.event_name == 'push' }}", // 19
        '        run: echo b', // 20
        '      - if: >-', // 21
        "          github.event_name == 'push' &&", // 22
        "          github.ref == 'refs/heads/main'", // 23
        '        run: echo c', // 24
        "      - if: ${{ github.event_name == 'push' }}", // 25
        '        run: npm test', // 26
        '',
      ].join('\n'),
    );
    expect(findings(text, 'condition-always-true')).toEqual([
      `${FILE}:16 condition-always-true`,
      `${FILE}:18 condition-always-true`,
    ]);
  });
});

describe('pr-runs-on-self-hosted', () => {
  const job = (runsOn: string, condition?: string) =>
    lines(
      'on:', // 1
      '  pull_request:', // 2
      '  push:', // 3
      'permissions:', // 4
      '  contents: read', // 5
      'jobs:', // 6
      '  e2e:', // 7
      ...(condition ? [`    if: ${condition}`] : []), // 8 when present
      `    runs-on: ${runsOn}`, // 8, or 9 after an if:
      '    steps:',
      '      - run: npm test',
    );

  it('a self-hosted label, a label GitHub does not host, a runner group, a vars or matrix expression', () => {
    for (const runsOn of [
      '[self-hosted, vault-ci]',
      'vault-ci',
      '{ group: vault-runners }',
      '${{ fromJSON(vars.E2E_RUNS_ON || \'"ubuntu-latest"\') }}',
      '${{ matrix.runner }}',
    ]) {
      expect(findings(job(runsOn), 'pr-runs-on-self-hosted'), runsOn).toEqual([
        `${FILE}:8 pr-runs-on-self-hosted`,
      ]);
    }
  });

  it('pull_request_target reaches it too; an if: with || does not keep forks out', () => {
    const text = job(
      '[self-hosted]',
      "github.event_name == 'push' || github.event.pull_request.head.repo.full_name == github.repository",
    ).replace('  pull_request:', '  pull_request_target:');
    expect(findings(text, 'pr-runs-on-self-hosted')).toEqual([`${FILE}:9 pr-runs-on-self-hosted`]);
  });

  it('guarded: forks get a hosted runner in runs-on, or are kept out by if:, or the job never runs on PRs', () => {
    const guarded = [
      job(
        "${{ github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository && 'ubuntu-latest' || fromJSON(vars.E2E_RUNS_ON) }}",
      ),
      job("${{ github.event.pull_request.head.repo.fork && 'ubuntu-24.04' || 'vault-ci' }}"),
      job('[self-hosted, vault-ci]', 'github.event.pull_request.head.repo.full_name == github.repository'),
      job('[self-hosted, vault-ci]', '${{ !github.event.pull_request.head.repo.fork }}'),
      job('[self-hosted, vault-ci]', "github.event_name == 'push'"),
      job('ubuntu-latest'),
      job('[ubuntu-24.04-arm]'),
      job('[self-hosted]').replace('  pull_request:\n', ''),
    ];
    for (const text of guarded) expect(findings(text, 'pr-runs-on-self-hosted'), text).toEqual([]);
  });

  it("a hosted runner picked for the repository's own branches, not for forks, is no guard", () => {
    const text = job(
      "${{ github.event.pull_request.head.repo.full_name == github.repository && 'ubuntu-latest' || 'vault-ci' }}",
    );
    expect(findings(text, 'pr-runs-on-self-hosted')).toEqual([`${FILE}:8 pr-runs-on-self-hosted`]);
  });
});

// Last: a rule nobody planted a violation of above would be a rule never shown able to fire.
describe('every rule', () => {
  it('has a planted-violation test in this file that saw it reported', () => {
    expect(RULES.map((rule) => rule.id).filter((id) => !planted.has(id))).toEqual([]);
  });
});
